import { LANGUAGES, taggingResultSchema } from '@tagphoto/contracts';
import type { ImageNetLabel, Signals } from '../signals';
import { compose } from './composer';
import { box, PHOTO_APPEARANCE, photoSignals } from '../../testing/signals';

/** A cat lying on a sofa: CenterNet sees both, MobileNet says Egyptian cat/tabby, BlazeFace fires on the cat's face. */
const catOnSofa = photoSignals({
  objects: {
    objects: [
      { label: 'cat', confidence: 0.82, box: box(200, 100, 200, 150) },
      { label: 'couch', confidence: 0.7, box: box(50, 150, 550, 300) },
    ],
  },
  labels: {
    labels: [
      { index: 285, label: 'Egyptian cat', confidence: 0.55 },
      { index: 281, label: 'tabby', confidence: 0.3 },
      { index: 831, label: 'studio couch', confidence: 0.05 },
    ],
  },
  faces: { count: 1, confidences: [0.9] },
  colors: {
    colors: [
      { hex: '#808080', name: 'grey', fraction: 0.5 },
      { hex: '#ffffff', name: 'white', fraction: 0.3 },
      { hex: '#aa6633', name: 'brown', fraction: 0.05 },
    ],
  },
  safety: { scores: { neutral: 0.9, drawing: 0.05, sexy: 0.03, porn: 0.01, hentai: 0.01 } },
});

/** Two footballers and a ball on a green pitch, a banner reading GOAL. */
const football = photoSignals({
  objects: {
    objects: [
      { label: 'person', confidence: 0.9, box: box(10, 10, 100, 300) },
      { label: 'person', confidence: 0.85, box: box(300, 10, 100, 300) },
      { label: 'sports ball', confidence: 0.6, box: box(200, 280, 20, 20) },
    ],
  },
  faces: { count: 2, confidences: [0.95, 0.9] },
  text: { text: 'GOAL', lines: [{ text: 'GOAL', confidence: 0.9, box: box(0, 0, 100, 20) }] },
  colors: { colors: [{ hex: '#00aa00', name: 'green', fraction: 0.6 }] },
});

/** Only the classifier spoke: a cup of espresso. */
const espresso = photoSignals({
  labels: {
    labels: [
      { index: 967, label: 'espresso', confidence: 0.7 },
      { index: 504, label: 'coffee mug', confidence: 0.1 },
    ],
  },
});

/** Signals of a photo in which only the classifier spoke, with these classes. */
const classified = (...labels: ImageNetLabel[]) => photoSignals({ labels: { labels } });

/** Signals of a product shot on white that the classifier surely names as this class. */
const productShot = (index: number, label: string) =>
  photoSignals({
    appearance: {
      ...PHOTO_APPEARANCE,
      background: { color: [255, 255, 255], object: { x: 0.2, y: 0.2, width: 0.6, height: 0.6 } },
    },
    labels: { labels: [{ index, label, confidence: 0.98 }] },
  });

const FORBIDDEN_ALT =
  /\b(image|picture|photo|photograph) of\b|\bBild (von|eines|einer)\b|\bFoto (von|de|di|van)\b|\bimage de\b|\bimagen de\b|\bimmagine di\b|\bimagem de\b|\bafbeelding van\b/i;

function labels(result: ReturnType<typeof compose>): string[] {
  return result.tags.map((t) => t.label);
}

describe('compose', () => {
  describe('tags', () => {
    it('merges a detected cat and the ImageNet cat category into one tag, keeping the detection as source', () => {
      const result = compose(catOnSofa);
      const cats = result.tags.filter((t) => t.label === 'cat');
      expect(cats).toHaveLength(1);
      expect(cats[0].source).toBe('objects');
      expect(cats[0].confidence).toBeGreaterThanOrEqual(0.85);
    });

    it('derives general categories from an ImageNet class: "Egyptian cat" gives cat and animal', () => {
      const result = compose(
        photoSignals({
          labels: { labels: [{ index: 285, label: 'Egyptian cat', confidence: 0.8 }] },
        }),
      );
      expect(result.tags).toEqual(
        expect.arrayContaining([
          { label: 'Egyptian cat', confidence: 0.8, source: 'labels' },
          { label: 'cat', confidence: 0.8, source: 'category' },
          { label: 'animal', confidence: 0.8, source: 'category' },
        ]),
      );
    });

    it('adds up the classes of one category: two cat breeds make a more certain "cat"', () => {
      const result = compose(
        photoSignals({
          labels: {
            labels: [
              { index: 285, label: 'Egyptian cat', confidence: 0.4 },
              { index: 281, label: 'tabby', confidence: 0.35 },
            ],
          },
        }),
      );
      expect(result.tags.find((t) => t.label === 'cat')?.confidence).toBeCloseTo(0.75, 3);
    });

    it('treats synonyms as one concept: ImageNet "television" and COCO "tv", "cellular telephone" and "cell phone"', () => {
      const result = compose(
        photoSignals({
          objects: {
            objects: [
              { label: 'tv', confidence: 0.6, box: box(0, 0, 300, 200) },
              { label: 'cell phone', confidence: 0.5, box: box(400, 300, 40, 80) },
            ],
          },
          labels: {
            labels: [
              { index: 851, label: 'television', confidence: 0.5 },
              { index: 487, label: 'cellular telephone', confidence: 0.4 },
            ],
          },
        }),
      );
      expect(labels(result).filter((l) => l === 'TV')).toHaveLength(1);
      expect(labels(result).filter((l) => l === 'mobile phone')).toHaveLength(1);
      expect(labels(result)).not.toContain('television');
      expect(labels(result)).not.toContain('cellular telephone');
    });

    it("keeps apart ImageNet classes whose name is another concept: the bird kite, the carpenter's plane", () => {
      const signals = classified(
        { index: 21, label: 'kite', confidence: 0.5 },
        { index: 726, label: 'plane', confidence: 0.4 },
      );
      expect(labels(compose(signals))).not.toContain('airplane');
      const german = labels(compose(signals, { language: 'de' }));
      expect(german).toEqual(expect.arrayContaining(['Milan', 'Hobel']));
      expect(german).not.toContain('Drachen');
      expect(german).not.toContain('Flugzeug');
    });

    it('names an ImageNet class whose first English name misleads by what it shows: no "ear" on a corn cob', () => {
      const result = compose(
        classified(
          { index: 998, label: 'ear', confidence: 0.4 },
          { index: 680, label: 'nipple', confidence: 0.3 },
          { index: 738, label: 'pot', confidence: 0.35 },
        ),
      );
      expect(labels(result)).toEqual(expect.arrayContaining(['ear of corn', 'baby bottle teat', 'flowerpot']));
      expect(labels(result)).not.toContain('ear');
      expect(labels(result)).not.toContain('nipple');
      expect(labels(result)).not.toContain('pot');
    });

    it('returns each label once, sorted by confidence', () => {
      const result = compose(catOnSofa);
      expect(new Set(labels(result)).size).toBe(result.tags.length);
      const confidences = result.tags.map((t) => t.confidence);
      expect([...confidences].sort((a, b) => b - a)).toEqual(confidences);
    });

    it('drops tags and objects below the default minimum confidence of 0.3', () => {
      const result = compose(
        photoSignals({
          objects: {
            objects: [
              { label: 'dog', confidence: 0.8, box: box(0, 0, 100, 100) },
              { label: 'frisbee', confidence: 0.2, box: box(200, 0, 30, 30) },
            ],
          },
        }),
      );
      expect(labels(result)).toContain('dog');
      expect(labels(result)).not.toContain('frisbee');
      expect(result.objects.map((o) => o.label)).toEqual(['dog']);
    });

    it('honours a stricter minimum confidence', () => {
      const result = compose(catOnSofa, { minConfidence: 0.6 });
      expect(result.tags.every((t) => t.confidence >= 0.6)).toBe(true);
      expect(labels(result)).toContain('cat');
      expect(labels(result)).not.toContain('tabby');
      expect(labels(result)).not.toContain('white');
    });

    it('adds dominant colours as weaker tags than the subjects', () => {
      const result = compose(catOnSofa);
      const grey = result.tags.find((t) => t.label === 'grey');
      expect(grey?.source).toBe('colors');
      expect(grey!.confidence).toBeLessThan(result.tags.find((t) => t.label === 'cat')!.confidence);
      expect(labels(result)).not.toContain('brown');
    });

    it('tags "text" when OCR found text, and not for an empty read', () => {
      expect(compose(football).tags).toContainEqual({ label: 'text', confidence: 0.9, source: 'text' });
      expect(labels(compose({ ...catOnSofa, text: { text: ' \n', lines: [] } }))).not.toContain('text');
    });

    it('tags "person" and "people" for two detected footballers', () => {
      const result = compose(football);
      expect(labels(result)).toEqual(expect.arrayContaining(['person', 'people', 'ball']));
    });

    it('keeps the safety rating in `safety`, never among the public tags', () => {
      const result = compose({
        ...football,
        safety: { scores: { porn: 0.8, hentai: 0.05, neutral: 0.1, sexy: 0.05, drawing: 0 } },
      });
      expect(result.safety.rating).toBe('unsafe');
      expect(result.tags.filter((t) => t.source === 'safety')).toEqual([]);
      expect(labels(result).join(' ')).not.toMatch(/explicit|suggestive|unsafe/);
    });

    it('rates an ordinary object safe although the classifier said porn 0.86: no person was seen', () => {
      const flower = compose({
        ...espresso,
        safety: { scores: { porn: 0.86, hentai: 0.02, neutral: 0.07, sexy: 0.05, drawing: 0 } },
      });
      expect(flower.safety.rating).toBe('safe');
    });
  });

  describe('faces', () => {
    it('does not count a face when no person was seen: BlazeFace fires on cat faces', () => {
      expect(compose(catOnSofa).faces.count).toBe(0);
      expect(labels(compose(catOnSofa))).not.toContain('person');
    });

    it('counts faces when a person was detected', () => {
      expect(compose(football).faces.count).toBe(2);
    });

    it('never names a person from a face alone: BlazeFace fires on flowers, cars and pies', () => {
      const faceOnly = compose({ ...espresso, faces: { count: 2, confidences: [0.73, 0.67] } });
      expect(faceOnly.faces.count).toBe(0);
      expect(faceOnly.altText).not.toMatch(/person|people/i);
      expect(labels(faceOnly)).not.toContain('person');
    });

    it('names a person from a body the detector is fairly sure of, and counts the faces on it', () => {
      const portrait = compose(
        photoSignals({
          objects: { objects: [{ label: 'person', confidence: 0.45, box: box(100, 50, 300, 400) }] },
          faces: { count: 1, confidences: [0.9] },
        }),
      );
      expect(portrait.faces.count).toBe(1);
      expect(portrait.altText).toBe('A person');
    });

    it('names a person from a large body at 0.37, not at 0.3: false bodies on ducks and cats stay under 0.3', () => {
      const body = (confidence: number) =>
        compose(photoSignals({ objects: { objects: [{ label: 'person', confidence, box: box(100, 50, 300, 400) }] } }));
      expect(body(0.37).altText).toBe('A person');
      expect(body(0.37).review.reasons).toEqual(['low-confidence subject']);
      expect(body(0.3).altText).not.toMatch(/person|people/i);
      expect(labels(body(0.3))).not.toContain('person');
    });

    it('names no person from a body box filling the frame unless a face is seen: CenterNet boxes whole flowers so', () => {
      const fillsFrame = (faces: Signals['faces']) =>
        compose(
          photoSignals({
            objects: { objects: [{ label: 'person', confidence: 0.61, box: box(5, 5, 630, 470) }] },
            faces,
          }),
        );
      const flower = fillsFrame({ count: 0, confidences: [] });
      expect(flower.altText).not.toMatch(/person|people/i);
      expect(labels(flower)).not.toContain('person');
      expect(flower.review.reasons).toEqual(['no certain subject']);
      expect(fillsFrame({ count: 1, confidences: [0.8] }).altText).toBe('A person');
    });

    it('names the animal the classifier is sure of over a body the detector is unsure of: a gorilla is no person', () => {
      const gorilla = (bodyConfidence: number) =>
        compose(
          photoSignals({
            objects: { objects: [{ label: 'person', confidence: bodyConfidence, box: box(100, 50, 300, 400) }] },
            labels: {
              labels: [
                { index: 366, label: 'gorilla', confidence: 0.84 },
                { index: 367, label: 'chimpanzee', confidence: 0.04 },
              ],
            },
            faces: { count: 1, confidences: [0.77] },
          }),
        );
      expect(gorilla(0.55).altText).toBe('An ape');
      expect(gorilla(0.55).review.reasons).toEqual(['detector and classifier disagree']);
      expect(labels(gorilla(0.55))).not.toContain('person');
      expect(gorilla(0.55).faces.count).toBe(0);
      expect(gorilla(0.8).altText).toBe('A person');
    });

    it('never names a person from a tiny box: tourists far off in front of a gate', () => {
      const gate = compose(
        photoSignals({
          objects: { objects: [{ label: 'person', confidence: 0.59, box: box(300, 300, 20, 40) }] },
        }),
      );
      expect(gate.altText).not.toMatch(/person|people/i);
    });

    it('calls three or more people a group rather than guessing their number', () => {
      const band = compose(
        photoSignals({
          objects: { objects: [{ label: 'person', confidence: 0.5, box: box(100, 50, 200, 400) }] },
          faces: { count: 3, confidences: [0.9, 0.87, 0.62] },
        }),
      );
      expect(band.title).toBe('Group of people');
      expect(band.faces.count).toBe(3);
    });
  });

  describe('classifier and detector together', () => {
    /** chelsea.jpg as the models see it: CenterNet calls the cat a dog, MobileNet is sure it is a cat. */
    const catCalledDog = photoSignals({
      objects: { objects: [{ label: 'dog', confidence: 0.48, box: box(100, 50, 300, 250) }] },
      labels: {
        labels: [
          { index: 285, label: 'Egyptian cat', confidence: 0.79 },
          { index: 281, label: 'tabby', confidence: 0.1 },
        ],
      },
      faces: { count: 1, confidences: [0.69] },
    });

    it('trusts the classifier over a less confident detector on which animal it is', () => {
      const result = compose(catCalledDog);
      expect(result.title).toBe('Cat');
      expect(labels(result)).toEqual(expect.arrayContaining(['cat', 'Egyptian cat', 'animal']));
      expect(labels(result)).not.toContain('dog');
      expect(result.objects.map((o) => o.label)).toEqual(['cat']);
      expect(result.faces.count).toBe(0);
    });

    it("keeps the detector's animal when the detector is the surer one", () => {
      const sure = {
        ...catCalledDog,
        objects: { objects: [{ label: 'dog', confidence: 0.95, box: box(100, 50, 300, 250) }] },
      };
      expect(compose(sure).title).toBe('Dog');
    });

    it('names only the family when the classifier and a detection call one animal two things, and flags it', () => {
      // A Komodo dragon as the models saw it: MobileNet sure of the lizard, CenterNet an elephant over the same body.
      const dragon = compose(
        photoSignals({
          objects: { objects: [{ label: 'elephant', confidence: 0.57, box: box(60, 80, 520, 340) }] },
          labels: {
            labels: [
              { index: 48, label: 'Komodo dragon', confidence: 0.91 },
              { index: 42, label: 'agama', confidence: 0.08 },
            ],
          },
        }),
      );
      expect(dragon.altText).toBe('An animal');
      expect(dragon.review.reasons).toEqual(['detector and classifier disagree']);
    });

    it('names only the family when a detection agrees with the family but the classifier is sure of another animal', () => {
      // A hippo cut-out as the models saw it in a black frame: MobileNet hippopotamus 0.89, CenterNet a horse over its body.
      const hippo = (hippoConfidence: number) =>
        compose(
          photoSignals({
            objects: { objects: [{ label: 'horse', confidence: 0.55, box: box(40, 60, 560, 300) }] },
            labels: {
              labels: [
                { index: 344, label: 'hippopotamus', confidence: hippoConfidence },
                { index: 341, label: 'hog', confidence: 0.96 - hippoConfidence },
              ],
            },
          }),
        );
      expect(hippo(0.89).altText).toBe('An animal');
      expect(hippo(0.89).review.reasons).toEqual(['detector and classifier disagree']);
      // Unsure between animals, the classifier leaves the more specific name to the detection.
      expect(hippo(0.5).altText).toBe('A horse');
    });

    it('lets a confident specific class lead over a weak detection: "Espresso with a cup"', () => {
      const result = compose(
        photoSignals({
          objects: { objects: [{ label: 'cup', confidence: 0.5, box: box(100, 100, 200, 200) }] },
          labels: { labels: [{ index: 967, label: 'espresso', confidence: 0.99 }] },
        }),
      );
      expect(result.title).toBe('Espresso with a cup');
      expect(result.altText).toBe('An espresso with a cup');
    });

    it('drops a detection the leading class already names: a goldfinch is a bird', () => {
      const result = compose(
        photoSignals({
          objects: { objects: [{ label: 'bird', confidence: 0.6, box: box(100, 100, 200, 200) }] },
          labels: { labels: [{ index: 11, label: 'goldfinch', confidence: 0.95 }] },
        }),
      );
      expect(result.altText).toBe('A goldfinch');
      expect(labels(result)).toEqual(expect.arrayContaining(['goldfinch', 'bird', 'animal']));
    });
  });

  describe('title, description and alt text', () => {
    it('titles a cat lying on a sofa "Cat on a sofa"', () => {
      expect(compose(catOnSofa).title).toBe('Cat on a sofa');
    });

    it('titles two footballers "Two people", leaving out the ball: a 20 px box never becomes a subject', () => {
      expect(compose(football).title).toBe('Two people');
    });

    it('names a ball the size of a real subject: "Two people with a ball"', () => {
      const bigBall = { label: 'sports ball', confidence: 0.6, box: box(200, 200, 150, 150) };
      expect(
        compose({ ...football, objects: { objects: [...football.objects!.objects.slice(0, 2), bigBall] } }).title,
      ).toBe('Two people with a ball');
    });

    it('joins with "and" when the subject does not rest on the furniture next to it', () => {
      const beside = photoSignals({
        objects: {
          objects: [
            { label: 'dog', confidence: 0.9, box: box(0, 280, 200, 200) },
            { label: 'couch', confidence: 0.8, box: box(300, 200, 300, 200) },
          ],
        },
      });
      expect(compose(beside).title).toBe('Dog and a sofa');
      expect(compose(beside, { language: 'de' }).title).toBe('Hund und ein Sofa');
    });

    it('describes the subjects and the visible text, not a list of colours', () => {
      expect(compose(catOnSofa).description).toBe('A cat on a sofa.');
      expect(compose(football).description).toBe('Two people. The text reads "GOAL".');
    });

    it('puts the visible text in the alt text', () => {
      expect(compose(football).altText).toBe('Two people. Text: "GOAL"');
    });

    it("names the classifier's subject when nothing was detected", () => {
      const result = compose(espresso);
      expect(result.title).toBe('Coffee');
      expect(labels(result)).toEqual(expect.arrayContaining(['espresso', 'coffee', 'drink']));
      expect(labels(result)).not.toContain('coffee mug');
    });

    it('names the kind two classes agree on: a frying pan or a wok is a pan, an ear or corn a vegetable', () => {
      const pan = classified(
        { index: 567, label: 'frying pan', confidence: 0.72 },
        { index: 909, label: 'wok', confidence: 0.27 },
      );
      expect([compose(pan).title, compose(pan).altText]).toEqual(['Pan', 'A pan']);
      expect(compose(pan, { language: 'de' }).altText).toBe('Eine Pfanne');
      const cob = classified(
        { index: 998, label: 'ear', confidence: 0.69 },
        { index: 987, label: 'corn', confidence: 0.31 },
      );
      expect(compose(cob).altText).toBe('A vegetable');
    });

    it('names a category its classes sum to 0.4, flagged for review, and not one at 0.3', () => {
      const convertible = classified(
        { index: 511, label: 'convertible', confidence: 0.22 },
        { index: 817, label: 'sports car', confidence: 0.18 },
        { index: 784, label: 'screwdriver', confidence: 0.15 },
      );
      expect(compose(convertible).altText).toBe('A car');
      expect(compose(convertible).review).toEqual({ needed: true, reasons: ['low-confidence subject'] });
      const duck = classified(
        { index: 641, label: 'maraca', confidence: 0.3 },
        { index: 971, label: 'bubble', confidence: 0.2 },
      );
      expect(compose(duck).altText).toBe('A picture');
      expect(compose(duck).review.reasons).toEqual(['no certain subject']);
    });

    it('names a musical instrument only when the classifier is as sure as of other objects: maracas are round fruit', () => {
      const mango = classified(
        { index: 641, label: 'maraca', confidence: 0.56 },
        { index: 988, label: 'acorn', confidence: 0.06 },
      );
      expect(compose(mango).altText).toBe('A picture');
      expect(compose(mango).review.reasons).toEqual(['no certain subject']);
      const violin = classified(
        { index: 889, label: 'violin', confidence: 0.9 },
        { index: 486, label: 'cello', confidence: 0.1 },
      );
      expect(compose(violin).altText).toBe('A musical instrument');
    });

    it('names no animal from the sea creatures and worms MobileNet gives to shapes it does not know', () => {
      // A yam and a pine cone as MobileNet saw them.
      const yam = classified(
        { index: 111, label: 'nematode', confidence: 0.82 },
        { index: 749, label: 'quill', confidence: 0.02 },
      );
      expect(compose(yam).altText).toBe('A picture');
      expect(compose(yam).review.reasons).toEqual(['no certain subject']);
      const pineCone = classified({ index: 69, label: 'trilobite', confidence: 0.93 });
      expect(compose(pineCone).altText).toBe('A picture');
      // As sure as a class named on its own, it is the animal: a woodlouse.
      expect(compose(classified({ index: 126, label: 'isopod', confidence: 0.99 })).altText).toBe('An isopod');
      // With the fish the classifier is sure of, the sea anemone adds to it: a clownfish at home.
      const clownfish = compose(
        photoSignals({
          objects: { objects: [{ label: 'cake', confidence: 0.7, box: box(100, 100, 300, 200) }] },
          labels: {
            labels: [
              { index: 393, label: 'anemone fish', confidence: 0.54 },
              { index: 108, label: 'sea anemone', confidence: 0.46 },
            ],
          },
        }),
      );
      expect(clownfish.altText).toBe('A fish');
      expect(clownfish.review.reasons).toContain('detector and classifier disagree');
    });

    it('calls a dolphin no fish: ImageNet has no dolphin, and its sharks make only "an animal" unless sure', () => {
      const dolphin = classified(
        { index: 4, label: 'hammerhead', confidence: 0.54 },
        { index: 2, label: 'great white shark', confidence: 0.28 },
        { index: 147, label: 'grey whale', confidence: 0.12 },
      );
      expect(compose(dolphin).altText).toBe('An animal');
      const goldfish = classified(
        { index: 1, label: 'goldfish', confidence: 0.7 },
        { index: 4, label: 'hammerhead', confidence: 0.2 },
      );
      expect(compose(goldfish).altText).toBe('A fish');
    });

    it("calls ImageNet's flowerpot a plant: the class fires on plants without a pot as surely as on potted ones", () => {
      const result = compose(classified({ index: 738, label: 'pot', confidence: 0.82 }));
      expect([result.title, result.altText]).toEqual(['Plant', 'A plant']);
      expect(labels(result)).toContain('plant');
      expect(labels(result)).not.toContain('potted plant');
    });

    it('names a street sign the classifier is unsure of only when OCR surely read its words', () => {
      const streetSign = { index: 919, label: 'street sign', confidence: 0.61 };
      const withText = photoSignals({
        labels: { labels: [streetSign] },
        text: { text: 'Car Parks', lines: [{ text: 'Car Parks', confidence: 0.95, box: box(0, 0, 200, 30) }] },
      });
      expect(compose(withText).title).toBe('Sign');
      expect(compose(withText).altText).toBe('A sign. Text: "Car Parks"');
      expect(compose(withText, { language: 'fr' }).altText).toMatch(/^Un panneau\b/);
      const withoutText = compose(classified(streetSign));
      expect(withoutText.altText).toBe('A picture');
      expect(withoutText.review.reasons).toEqual(['no certain subject']);
      const misread = photoSignals({
        labels: { labels: [streetSign] },
        text: { text: 'CH#C', lines: [{ text: 'CH#C', confidence: 0.7, box: box(0, 0, 200, 30) }] },
      });
      expect(compose(misread).title).toBe('Picture');
    });

    it('falls back to the text, then to a neutral word, never to "No clear subject" or a colour list', () => {
      const sign = photoSignals({
        text: { text: 'OPEN', lines: [{ text: 'OPEN', confidence: 0.95, box: box(0, 0, 50, 20) }] },
      });
      expect(compose(sign).title).toBe('Text: "OPEN"');
      expect(compose(sign).altText).toBe('A picture with the text "OPEN"');
      const nothing = compose(photoSignals({ colors: catOnSofa.colors }));
      expect([nothing.title, nothing.altText, nothing.description]).toEqual(['Picture', 'A picture', 'A picture.']);
      expect(nothing.review).toEqual({ needed: true, reasons: ['no certain subject'] });
    });

    it('quotes only the lines OCR read surely; the others stay in `text`', () => {
      const shopFront = photoSignals({
        text: {
          text: 'prlory gallerdes\nthe copy centre',
          lines: [
            { text: 'prlory gallerdes', confidence: 0.78, box: box(0, 0, 200, 30) },
            { text: 'the copy centre', confidence: 0.94, box: box(0, 40, 200, 30) },
          ],
        },
      });
      const result = compose(shopFront);
      expect(result.altText).toBe('A picture with the text "the copy centre"');
      expect(result.description).toBe('A picture. The text reads "the copy centre".');
      expect(result.text).toBe('prlory gallerdes\nthe copy centre');
      expect(labels(result)).toContain('text');
      const unsure = photoSignals({
        text: { text: 'estedTo Coap', lines: [{ text: 'estedTo Coap', confidence: 0.76, box: box(0, 0, 200, 30) }] },
      });
      expect(compose(unsure).altText).toBe('A picture');
    });

    it('says a product shot it cannot name is a picture on a white background, flagged for review', () => {
      const unknownProduct = photoSignals({
        appearance: {
          ...PHOTO_APPEARANCE,
          background: { color: [255, 255, 255], object: { x: 0.3, y: 0.2, width: 0.4, height: 0.6 } },
        },
        labels: { labels: [{ index: 473, label: 'can opener', confidence: 0.31 }] },
      });
      const english = compose(unknownProduct);
      expect([english.title, english.altText]).toEqual([
        'Picture on a white background',
        'A picture on a white background',
      ]);
      expect(english.review).toEqual({ needed: true, reasons: ['no certain subject'] });
      expect(compose(unknownProduct, { language: 'de' }).altText).toBe('Ein Bild vor weißem Hintergrund');
    });

    it('keeps the title within 60 and the alt text within 125 characters, even with long text and many objects', () => {
      const longText =
        'Annual general meeting of the association of friends of the municipal botanical garden, Saturday 14 March, 10 am';
      const busy = photoSignals({
        objects: {
          objects: ['person', 'person', 'person', 'umbrella', 'handbag', 'bench', 'bicycle', 'potted plant'].map(
            (label, i) => ({
              label,
              confidence: 0.9 - i * 0.05,
              box: box(i * 60, 10, 50, 100),
            }),
          ),
        },
        text: { text: longText, lines: [{ text: longText, confidence: 0.9, box: box(0, 0, 600, 30) }] },
        colors: {
          colors: [
            { hex: '#336699', name: 'blue', fraction: 0.4 },
            { hex: '#cccccc', name: 'light grey', fraction: 0.3 },
          ],
        },
      });
      for (const language of LANGUAGES) {
        const result = compose(busy, { language });
        expect(result.title.length).toBeLessThanOrEqual(60);
        expect(result.altText.length).toBeLessThanOrEqual(125);
        expect(result.altText).toContain(language === 'en' ? 'Annual general meeting' : 'Annual');
      }
    });

    it('never calls the alt text an "image of" or "photo of", in any language, even when the text says so', () => {
      const poster: Signals = {
        ...football,
        text: {
          text: 'Photo of the day',
          lines: [{ text: 'Photo of the day', confidence: 0.9, box: box(0, 0, 100, 20) }],
        },
      };
      for (const signals of [catOnSofa, football, espresso, poster, photoSignals()]) {
        for (const language of LANGUAGES) expect(compose(signals, { language }).altText).not.toMatch(FORBIDDEN_ALT);
      }
    });
  });

  describe('languages', () => {
    it.each([
      ['de', 'Katze auf einem Sofa', 'Eine Katze auf einem Sofa.', 'Katze'],
      ['fr', 'Un chat sur un canapé', 'Un chat sur un canapé.', 'chat'],
      ['es', 'Un gato sobre un sofá', 'Un gato sobre un sofá.', 'gato'],
      ['it', 'Un gatto su un divano', 'Un gatto su un divano.', 'gatto'],
      ['pt', 'Um gato sobre um sofá', 'Um gato sobre um sofá.', 'gato'],
      ['nl', 'Kat op een bank', 'Een kat op een bank.', 'kat'],
    ] as const)('writes %s', (language, title, description, catTag) => {
      const result = compose(catOnSofa, { language });
      expect(result.title).toBe(title);
      expect(result.description).toBe(description);
      expect(labels(result)).toContain(catTag);
      expect(result.language).toBe(language);
    });

    it.each([
      ['de', 'Zwei Personen', 'Der Text lautet „GOAL“.'],
      ['fr', 'Deux personnes', 'Le texte indique « GOAL ».'],
      ['pt', 'Duas pessoas', 'O texto diz “GOAL”.'],
    ] as const)('counts with the right number word and article in %s', (language, title, textSentence) => {
      const result = compose(football, { language });
      expect(result.title).toBe(title);
      expect(result.description).toContain(textSentence);
    });

    it.each([
      ['de', 'Eine Waage vor weißem Hintergrund', 'Ein Stieglitz vor weißem Hintergrund'],
      ['fr', 'Une balance sur fond blanc', 'Un chardonneret sur fond blanc'],
      ['es', 'Una báscula sobre fondo blanco', 'Un jilguero sobre fondo blanco'],
      ['it', 'Una bilancia su sfondo bianco', 'Un cardellino su sfondo bianco'],
      ['pt', 'Uma balança em fundo branco', 'Um pintassilgo em fundo branco'],
    ] as const)('gives an ImageNet class the article of its gender in %s', (language, scale, goldfinch) => {
      expect(compose(productShot(778, 'scale'), { language }).altText).toBe(scale);
      expect(compose(productShot(11, 'goldfinch'), { language }).altText).toBe(goldfinch);
    });

    it.each([
      ['en', 'Binoculars on a white background', 'Sunglasses on a white background', 'Binoculars'],
      ['de', 'Ein Fernglas vor weißem Hintergrund', 'Eine Sonnenbrille vor weißem Hintergrund', 'Fernglas'],
      ['fr', 'Des jumelles sur fond blanc', 'Des lunettes de soleil sur fond blanc', 'Des jumelles'],
      ['es', 'Unos prismáticos sobre fondo blanco', 'Unas gafas de sol sobre fondo blanco', 'Unos prismáticos'],
      ['it', 'Un binocolo su sfondo bianco', 'Degli occhiali da sole su sfondo bianco', 'Un binocolo'],
      ['pt', 'Um binóculo em fundo branco', 'Uns óculos de sol em fundo branco', 'Um binóculo'],
    ] as const)(
      'writes a word used only in the plural with a plural article, or none, in %s',
      (language, ...expected) => {
        const [binocularsAlt, sunglassesAlt, binocularsTitle] = expected;
        const product = (index: number, label: string) => compose(productShot(index, label), { language });
        expect(product(447, 'binoculars').altText).toBe(binocularsAlt);
        expect(product(447, 'binoculars').title).toBe(binocularsTitle);
        expect(product(837, 'sunglasses').altText).toBe(sunglassesAlt);
        expect(product(836, 'sunglass').altText).toBe(sunglassesAlt);
      },
    );

    it('writes "un" before a Spanish feminine noun with a stressed "a": un águila, un arpa', () => {
      const eagle = classified({ index: 22, label: 'bald eagle', confidence: 0.98 });
      const harp = classified({ index: 594, label: 'harp', confidence: 0.98 });
      const bee = classified({ index: 309, label: 'bee', confidence: 0.98 });
      expect(compose(eagle, { language: 'es' }).altText).toBe('Un águila calva');
      expect(compose(harp, { language: 'es' }).altText).toBe('Un arpa');
      expect(compose(bee, { language: 'es' }).altText).toBe('Una abeja');
    });

    it.each([
      ['en', 'Two dogs'],
      ['de', 'Zwei Hunde'],
      ['fr', 'Deux chiens'],
    ] as const)(
      'counts an ImageNet class by the noun of the detections it agrees with in %s: the class name has no plural',
      (language, title) => {
        const twoRetrievers = photoSignals({
          objects: {
            objects: [
              { label: 'dog', confidence: 0.7, box: box(0, 0, 300, 400) },
              { label: 'dog', confidence: 0.65, box: box(320, 0, 300, 400) },
            ],
          },
          labels: { labels: [{ index: 207, label: 'golden retriever', confidence: 0.97 }] },
        });
        expect(compose(twoRetrievers, { language }).title).toBe(title);
      },
    );

    it('translates every tag, object label, colour name and ImageNet label in every other language', () => {
      const english = compose(catOnSofa);
      for (const language of LANGUAGES.filter((l) => l !== 'en')) {
        const result = compose(catOnSofa, { language });
        expect(labels(result)).toHaveLength(english.tags.length);
        expect(labels(result).filter((label) => labels(english).includes(label)).length).toBeLessThanOrEqual(1);
        expect(result.objects.map((o) => o.label)).not.toEqual(english.objects.map((o) => o.label));
        expect(result.colors.map((c) => c.name)).not.toEqual(english.colors.map((c) => c.name));
        expect(result.title).not.toBe(english.title);
      }
    });
  });

  describe('vocabulary', () => {
    const vocabulary = {
      terms: [
        { tag: 'Pets', matches: ['cat', 'dog'] },
        { tag: 'Furniture', matches: ['sofa', 'chair'] },
        { tag: 'Screens', matches: ['television', 'monitor'] },
      ],
    };

    it("maps model labels and their synonyms to the caller's tags and drops the rest", () => {
      const result = compose(catOnSofa, { vocabulary });
      expect(labels(result)).toEqual(['Pets', 'Furniture']);
      expect(result.tags[0].source).toBe('objects');
    });

    it('keeps unknown labels, translated, when asked', () => {
      const result = compose(catOnSofa, { vocabulary, keepUnknown: true, language: 'de' });
      expect(labels(result)).toEqual(expect.arrayContaining(['Pets', 'Furniture', 'Tier', 'Grau']));
      expect(labels(result)).not.toContain('Katze');
    });

    it('matches a synonym of a detected object: "television" finds COCO "tv"', () => {
      const result = compose(
        photoSignals({ objects: { objects: [{ label: 'tv', confidence: 0.7, box: box(0, 0, 10, 10) }] } }),
        { vocabulary },
      );
      expect(result.tags).toEqual([{ label: 'Screens', confidence: 0.7, source: 'objects' }]);
    });

    it('matches terms written in the output language', () => {
      const result = compose(catOnSofa, {
        language: 'fr',
        vocabulary: { terms: [{ tag: 'félins', matches: ['chat'] }] },
      });
      expect(labels(result)).toEqual(['félins']);
    });

    it('leaves title, description and objects untouched', () => {
      const plain = compose(catOnSofa);
      const mapped = compose(catOnSofa, { vocabulary });
      expect(mapped.title).toBe(plain.title);
      expect(mapped.description).toBe(plain.description);
      expect(mapped.objects).toEqual(plain.objects);
    });
  });

  it('produces a valid, deterministic result', () => {
    const first = compose(football, { language: 'it' });
    expect(compose(football, { language: 'it' })).toEqual(first);
    expect(taggingResultSchema.safeParse({ ...first, models: { engine: '0.1.0' } }).success).toBe(true);
    expect(first.width).toBe(640);
    expect(first.height).toBe(480);
    expect(first.text).toBe('GOAL');
  });
});

describe('compose: when the engine is unsure', () => {
  /** A cymbal on white as the models saw it: CenterNet's weak "frisbee" box, MobileNet sure of an instrument family. */
  const cymbal = photoSignals({
    appearance: {
      ...PHOTO_APPEARANCE,
      background: { color: [255, 255, 255], object: { x: 0.1, y: 0.1, width: 0.8, height: 0.8 } },
    },
    objects: { objects: [{ label: 'frisbee', confidence: 0.55, box: box(64, 48, 512, 384) }] },
    labels: {
      labels: [
        { index: 402, label: 'acoustic guitar', confidence: 0.4 },
        { index: 541, label: 'drum', confidence: 0.35 },
      ],
    },
  });

  it("prefers the classifier's family over a weaker detection of another one, and says they disagree", () => {
    const result = compose(cymbal);
    expect(result.altText).toBe('A musical instrument on a white background');
    expect(result.review).toEqual({ needed: true, reasons: ['detector and classifier disagree'] });
  });

  it('flags a subject named on thin evidence', () => {
    const result = compose(
      photoSignals({
        objects: { objects: [{ label: 'car', confidence: 0.52, box: box(0, 0, 400, 300) }] },
      }),
    );
    expect(result.altText).toBe('A car');
    expect(result.review).toEqual({ needed: true, reasons: ['low-confidence subject'] });
  });

  it('does not flag a subject the evidence agrees on', () => {
    expect(compose(catOnSofa).review).toEqual({ needed: false, reasons: [] });
  });
});

describe('compose: the kind of picture', () => {
  const page = (flatShare: number, saturation: number): Signals =>
    photoSignals({
      appearance: {
        flatShare,
        smoothShare: flatShare,
        edgeShare: 0.02,
        paletteShare: 0.005,
        saturation,
        brightness: 0.95,
      },
      text: {
        text: 'Quarterly report Revenue rose in every region',
        lines: Array.from({ length: 10 }, (_, i) => ({
          text: i === 0 ? 'Quarterly report' : `line ${i}`,
          confidence: 0.95,
          box: box(40, 20 + i * 40, 500, 24),
        })),
      },
    });

  it('calls a grey page of text a document and a flat, coloured one a screenshot, quoting both', () => {
    expect(compose(page(0, 0.02)).altText).toMatch(/^A document with the text "Quarterly report/);
    expect(compose(page(0.7, 0.3)).altText).toMatch(/^A screenshot with the text "Quarterly report/);
    expect(compose(page(0.7, 0.3)).title).toMatch(/^Screenshot: "Quarterly report/);
  });

  /** Flat, few-coloured clip art. */
  const CLIP_ART = {
    flatShare: 0.8,
    smoothShare: 0.85,
    edgeShare: 0.1,
    paletteShare: 0.01,
    saturation: 0.5,
    brightness: 0.8,
  };

  it('calls flat, few-coloured pictures illustrations', () => {
    expect(compose(photoSignals({ appearance: CLIP_ART })).altText).toBe('An illustration');
  });

  it('calls an object on white drawn when it is smooth between hard edges, as compressed cartoons are', () => {
    const onWhite = (smoothShare: number, edgeShare: number, background = true) =>
      compose(
        photoSignals({
          appearance: {
            ...PHOTO_APPEARANCE,
            flatShare: 0.2,
            smoothShare,
            edgeShare,
            ...(background
              ? { background: { color: [255, 255, 255], object: { x: 0.1, y: 0.1, width: 0.8, height: 0.8 } } }
              : {}),
          },
        }),
      ).altText;
    expect(onWhite(0.6, 0.12)).toBe('An illustration');
    // A smooth photographed object (a tennis ball, a mug) has few hard edges; a photo's sky is smooth but no object.
    expect(onWhite(0.6, 0.03)).toBe('A picture on a white background');
    expect(onWhite(0.3, 0.12)).toBe('A picture on a white background');
    expect(onWhite(0.6, 0.12, false)).toBe('A picture');
  });

  it("names only the family of a drawing's subject: both models learnt from photos and miss on cartoons", () => {
    const drawing = (signals: Partial<Signals>) => compose(photoSignals({ appearance: CLIP_ART, ...signals }));
    // A cartoon horse as MobileNet saw it: an iguana and a sorrel.
    const horse = drawing({
      labels: {
        labels: [
          { index: 39, label: 'common iguana', confidence: 0.45 },
          { index: 339, label: 'sorrel', confidence: 0.3 },
        ],
      },
    });
    expect(horse.altText).toBe('An illustration of an animal');
    // A cartoon apricot as a clock, and an espresso the classifier is sure of: no family to name.
    const apricot = drawing({ labels: { labels: [{ index: 409, label: 'analog clock', confidence: 0.95 }] } });
    expect(apricot.altText).toBe('An illustration');
    expect(apricot.review.reasons).toEqual(['no certain subject']);
    expect(drawing({ labels: { labels: [{ index: 967, label: 'espresso', confidence: 0.97 }] } }).altText).toBe(
      'An illustration',
    );
    // A drawn eight that CenterNet took for a fire hydrant: only a certain detection names a drawing's subject.
    const hydrant = (confidence: number) =>
      drawing({ objects: { objects: [{ label: 'fire hydrant', confidence, box: box(100, 50, 400, 380) }] } }).altText;
    expect(hydrant(0.63)).toBe('An illustration');
    expect(hydrant(0.8)).toBe('An illustration of a fire hydrant');
  });

  it('calls a picture an artwork when MobileNet gives it the classes it gives paintings ("a prayer rug")', () => {
    const painting = (classes: Array<[number, string, number]>, appearance = PHOTO_APPEARANCE) =>
      photoSignals({
        appearance,
        labels: { labels: classes.map(([index, label, confidence]) => ({ index, label, confidence })) },
      });
    const starryNight = painting([
      [741, 'prayer rug', 0.2],
      [611, 'jigsaw puzzle', 0.12],
    ]);
    expect(compose(starryNight).altText).toBe('An artwork');
    expect(compose(starryNight).review.reasons).toEqual(['no certain subject']);
    expect(labels(compose(starryNight))).toContain('artwork');
    expect(
      (['fr', 'de', 'es', 'it', 'pt', 'nl'] as const).map((language) => compose(starryNight, { language }).altText),
    ).toEqual([
      "Une œuvre d'art",
      'Ein Kunstwerk',
      'Una obra de arte',
      "Un'opera d'arte",
      'Uma obra de arte',
      'Een kunstwerk',
    ]);
    // Below the bar, or from classes photos also get (dresses, curtains), it stays a picture.
    expect(compose(painting([[591, 'handkerchief', 0.29]])).altText).toBe('A picture');
    expect(
      compose(
        painting([
          [601, 'hoopskirt', 0.25],
          [854, 'theater curtain', 0.25],
        ]),
      ).altText,
    ).toBe('A picture');
    // A product shot of a puzzle box is a product on white, not an artwork.
    const onWhite = {
      ...PHOTO_APPEARANCE,
      background: {
        color: [255, 255, 255] as [number, number, number],
        object: { x: 0.1, y: 0.1, width: 0.8, height: 0.8 },
      },
    };
    expect(compose(painting([[611, 'jigsaw puzzle', 0.6]], onWhite)).altText).toBe('A picture on a white background');
    // What it shows is named as an illustration's subject is.
    const harbour = painting([
      [741, 'prayer rug', 0.35],
      [780, 'schooner', 0.6],
    ]);
    expect(
      compose({ ...harbour, objects: { objects: [{ label: 'boat', confidence: 0.8, box: box(100, 200, 300, 150) }] } })
        .altText,
    ).toBe('An artwork of a boat');
  });

  it('names the scene when nothing else is certain: "A lake", "Un lac"', () => {
    const lake = photoSignals({
      labels: { labels: [{ index: 975, label: 'lakeside', confidence: 0.88 }] },
    });
    expect(compose(lake).altText).toBe('A lake');
    expect(compose(lake, { language: 'fr' }).altText).toBe('Un lac');
    expect(labels(compose(lake))).toContain('lake');
  });

  it('puts a subject in its scene: "A boat by a lake"', () => {
    const boat = photoSignals({
      objects: { objects: [{ label: 'boat', confidence: 0.8, box: box(100, 200, 300, 150) }] },
      labels: { labels: [{ index: 975, label: 'lakeside', confidence: 0.7 }] },
    });
    expect(compose(boat).altText).toBe('A boat by a lake');
    expect(compose(boat, { language: 'de' }).altText).toBe('Ein Boot an einem See');
  });
});
