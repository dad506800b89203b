/** How tools/eval/stamp-probe.js reads a stamp's folder and the subject of an English alt text, and makes a product shot. */
import sharp from 'sharp';

const { folderFamily, subjectPhrase, onWhite } = require('./stamp-probe.js') as {
  folderFamily(relative: string): string | null;
  subjectPhrase(altText: string): string | null;
  onWhite(png: Buffer): Promise<Buffer>;
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
    expect(subjectPhrase('An artwork of a building')).toBe('building');
    expect(subjectPhrase('A vegetable with a banana on a white background')).toBe('vegetable');
    expect(subjectPhrase('A person. Text: "School"')).toBe('person');
    expect(subjectPhrase('Two people')).toBe('people');
    expect(subjectPhrase('A group of people')).toBe('group of people');
  });

  it('makes a stamp a product shot as the quality set did: trimmed, a 12% white margin, at most 640 px, JPEG', async () => {
    // A red 1000×500 stamp inside a transparent 1200×900 canvas.
    const red = await sharp({ create: { width: 1000, height: 500, channels: 4, background: '#ff0000' } })
      .png()
      .toBuffer();
    const stamp = await sharp({
      create: { width: 1200, height: 900, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .composite([{ input: red, left: 100, top: 200 }])
      .png()
      .toBuffer();
    const shot = sharp(await onWhite(stamp));
    // 1000 + 2 × 120 wide, 500 + 2 × 120 high, scaled to 640 wide.
    expect(await shot.metadata()).toMatchObject({ format: 'jpeg', width: 640, height: 382 });
    const { data, info } = await shot.raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    expect(pixel(5, 5).every((channel) => channel > 250)).toBe(true);
    const [r, g, b] = pixel(320, 191);
    expect(r).toBeGreaterThan(240);
    expect(Math.max(g, b)).toBeLessThan(15);
  });
});
