/** How tools/eval/stamp-probe.js reads a stamp's folder and the subject of an English alt text. */
const { folderFamily, subjectPhrase } = require('./stamp-probe.js') as {
  folderFamily(relative: string): string | null;
  subjectPhrase(altText: string): string | null;
};

describe('stamp probe', () => {
  it("takes the family a stamp's folder names, and none from folders that mix kinds", () => {
    expect(folderFamily('plants/flowers/flower1.png')).toBe('plant');
    expect(folderFamily('plants/mushrooms/cep.png')).toBe('mushroom');
    expect(folderFamily('hobbies/music/string/cello.png')).toBe('instrument');
    expect(folderFamily('military/vehicles/tank.png')).toBe('vehicle');
    expect(folderFamily('town/houses/cottage.png')).toBe('building');
    expect(folderFamily('people/fireman200b.png')).toBe('person');
    expect(folderFamily('seasonal/easter/bunny.png')).toBeNull();
    expect(folderFamily('town/roadsigns/stop.png')).toBeNull();
  });

  it("reads the subject of the composer's English alt texts", () => {
    expect(subjectPhrase('A bird on a white background')).toBe('bird');
    expect(subjectPhrase('An illustration of a dog on a white background')).toBe('dog');
    expect(subjectPhrase('A vegetable with a banana on a white background')).toBe('vegetable');
    expect(subjectPhrase('A person. Text: "School"')).toBe('person');
    expect(subjectPhrase('Two people')).toBe('people');
    expect(subjectPhrase('A group of people')).toBe('group of people');
  });
});
