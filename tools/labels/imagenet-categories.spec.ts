import { readFileSync } from 'node:fs';

const generator = require('./imagenet-categories.js') as {
  OUTPUT: string;
  build(): { rows: Array<{ index: number; label: string; categories: string[] }> };
  render(rows: unknown[]): string;
};

describe('ImageNet category generator', () => {
  const { rows } = generator.build();
  const byLabel = (label: string) => rows.find((r) => r.label === label)?.categories;

  it('reproduces the committed table from WordNet', () => {
    expect(generator.render(rows)).toBe(readFileSync(generator.OUTPUT, 'utf8'));
  });

  it.each([
    ['Egyptian cat', ['cat', 'animal']],
    ['admiral', ['butterfly', 'insect', 'animal']],
    ['golden retriever', ['dog', 'animal']],
    ['espresso', ['coffee', 'drink']],
    ['sports car', ['car', 'vehicle']],
    ['airliner', ['airplane', 'aircraft', 'vehicle']],
    ['Granny Smith', ['fruit', 'food']],
    ['daisy', ['flower', 'plant']],
    ['seashore', ['shore', 'landscape']],
    ['lakeside', ['shore', 'landscape']],
    ['scuba diver', ['person']],
    ['frying pan', ['pan', 'kitchenware']],
    ['wok', ['pan', 'kitchenware']],
    ['street sign', ['sign']],
    // Hand checks where WordNet's hierarchy would make a tag a false claim.
    ['web site', []],
    ['shopping cart', []],
    ["jack-o'-lantern", []],
    ['crash helmet', ['clothing']],
    ['hay', []],
    // Hand checks where ImageNet's pictures show more than WordNet's sense: planted pots, corn cobs.
    ['pot', ['plant']],
    ['ear', ['vegetable', 'food']],
    ['corn', ['vegetable', 'food']],
    // Hand checks where the lemma match found another sense: the gunlock's hammer, the fabric, the medium.
    ['hammer', ['tool']],
    ['jean', ['clothing']],
    ['radio', ['electronics']],
    ['dome', ['building']],
    ['sunglass', ['glasses']],
    ['mortarboard', ['hat', 'clothing']],
  ])('files %s under %j', (label, categories) => {
    expect(byLabel(label)).toEqual(categories);
  });

  it('tells the two senses of "crane" apart by their place in ImageNet', () => {
    expect(rows[134].categories).toEqual(['bird', 'animal']);
    expect(rows[517].categories).not.toContain('animal');
  });
});
