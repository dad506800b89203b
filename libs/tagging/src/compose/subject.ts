import type { Box, ReviewReason } from '@tagphoto/contracts';
import { IMAGENET_CATEGORIES } from '../labels/imagenet-categories';
import type { ImageNetLabel, Signals } from '../signals';
import { canonicalKey, sharedKey } from './concepts';

/**
 * Which subject the title and alt text may name, and how sure the evidence is. Precision before recall: a
 * subject is named only when the evidence agrees on it, and otherwise a true general word ("an animal",
 * "a flower") or nothing, in which case the composer describes the kind of picture and its setting.
 * Thresholds were calibrated on the tune part of libs/tagging/fixtures/quality (tools/eval/quality-eval.js).
 */
export const SUBJECT_SETTINGS = {
  /**
   * A person is named only from a detected body this sure and this large (share of the picture); never from a face
   * alone. Midway between the surest body on a picture without people (0.29, a rubber duck) and the least sure body
   * that was the only evidence of people (0.41, a band).
   */
  personConfidence: 0.35,
  personArea: 0.02,
  /**
   * A body box this much of the frame is CenterNet's guess at whatever fills it. On the Tux Paint cut-outs of
   * tools/eval/stamp-probe.js, 17 "person" boxes covered 0.88 to 0.98 of a flower, a walnut, a hippo or a pumpkin, and
   * none was a person; 15 had no face. Such a body names a person only with a face; the largest real bodies (an
   * astronaut, a fireman) cover 0.80 and 0.78 of theirs.
   */
  personFrame: 0.85,
  /** A detected object becomes a subject only this sure and this large: a 5×5 box is never the subject. */
  objectConfidence: 0.5,
  objectArea: 0.05,
  /** A detection surer than this is not overruled by the classifier. */
  certainDetection: 0.75,
  /** The classifier's single class is named only this sure: below it, a fine class is as often a near miss (monarch for swallowtail). */
  specificClass: 0.95,
  /**
   * A category of living things, food, vehicles or buildings (the sum of its classes: every dog breed) is named this
   * sure. Between the surest wrong category (0.30, a rubber duck as a musical instrument) and the least sure right
   * ones (0.40, a rocket and a convertible as vehicles); a subject under `review` is flagged anyway.
   */
  category: 0.375,
  /** Other categories (hats, lamps, tools, clocks) are what the classifier calls shapes it does not know: named only this sure. */
  objectCategory: 0.9,
  /** A classifier family this sure contradicts a detection of another family. */
  contradiction: 0.6,
  /** Subjects less sure than this are flagged for review. */
  review: 0.6,
  /** Weight of the trimmed object's classes against the whole frame's on a plain background. */
  objectWeight: 0.5,
} as const;

/** Broad families in which the detector's and the classifier's answers are compared. */
const FAMILIES = [
  'animal',
  'food',
  'vehicle',
  'plant',
  'furniture',
  'clothing',
  'building',
  'electronics',
  'instrument',
] as const;
type Family = (typeof FAMILIES)[number];

/** COCO labels → their family (labels without one never contradict the classifier). */
export const COCO_FAMILY: Readonly<Record<string, Family>> = {
  bird: 'animal',
  cat: 'animal',
  dog: 'animal',
  horse: 'animal',
  sheep: 'animal',
  cow: 'animal',
  elephant: 'animal',
  bear: 'animal',
  zebra: 'animal',
  giraffe: 'animal',
  bicycle: 'vehicle',
  car: 'vehicle',
  motorcycle: 'vehicle',
  airplane: 'vehicle',
  bus: 'vehicle',
  train: 'vehicle',
  truck: 'vehicle',
  boat: 'vehicle',
  banana: 'food',
  apple: 'food',
  sandwich: 'food',
  orange: 'food',
  broccoli: 'food',
  carrot: 'food',
  'hot dog': 'food',
  pizza: 'food',
  donut: 'food',
  cake: 'food',
  chair: 'furniture',
  couch: 'furniture',
  bed: 'furniture',
  'dining table': 'furniture',
  'potted plant': 'plant',
  tv: 'electronics',
  laptop: 'electronics',
  'cell phone': 'electronics',
  keyboard: 'electronics',
  mouse: 'electronics',
};

/** ImageNet classes that describe the picture rather than a thing in it, or that the classifier gives to texture. */
export const NOT_A_SUBJECT: ReadonlySet<string> = new Set([
  'web site',
  'menu',
  'book jacket',
  'comic book',
  'crossword puzzle',
  'envelope',
  'packet',
  'jigsaw puzzle',
  'prayer rug',
  'window screen',
  'screen',
  'monitor',
  'honeycomb',
  'chain mail',
  'doormat',
  'shower curtain',
  'theater curtain',
  'velvet',
  'wool',
  'quilt',
  'mosquito net',
  'spider web',
  'maze',
  'fountain',
  'bubble',
  'tray',
  'handkerchief',
  'paper towel',
]);
/**
 * Classes that cannot make a category alone unless as sure as a class named on its own (`specificClass`), and the
 * categories they cannot make (every one where none are listed): where MobileNet puts what it has no class for.
 *
 * Sea creatures and worms take rounded or ridged shapes. On 755 pictures (the Tux Paint stamps on white of
 * `tools/eval/stamp-probe.js --on-white`, GCompris' photos, Debian's desktop wallpapers), an animal that rested on
 * them was wrong six times (a pecan, a yam, a pine cone at trilobite 0.77, Venus, the Earth, an abstract wave at conch
 * 0.66) and right twice (a cartoon's butterfly wings, a drawn goldfish). Real ones score 0.99 and more (a slug, a
 * woodlouse).
 *
 * ImageNet-1k has no dolphin, and its sharks take them: both dolphins of those pictures were "a fish" (hammerhead 0.54).
 * A shark still makes "an animal".
 */
const WEAK_EVIDENCE: ReadonlyMap<string, readonly string[] | undefined> = new Map([
  ...[
    'trilobite',
    'jelly fish',
    'sea anemone',
    'brain coral',
    'flatworm',
    'nematode',
    'conch',
    'sea slug',
    'chiton',
    'chambered nautilus',
    'isopod',
    'starfish',
    'sea urchin',
    'sea cucumber',
  ].map((label) => [label, undefined] as const),
  ...['great white shark', 'tiger shark', 'hammerhead'].map((label) => [label, ['fish']] as const),
]);
const SCENE_CATEGORIES: ReadonlySet<string> = new Set(['landscape', 'mountain', 'shore', 'person']);
/**
 * Categories the classifier names reliably on the tune set: living things, food, vehicles, buildings, toys. Musical
 * instruments are not among them: MobileNet calls round fruit, nuts and mushrooms maracas.
 */
const RELIABLE_CATEGORIES: ReadonlySet<string> = new Set([
  'animal',
  'dog',
  'cat',
  'big cat',
  'bird',
  'fish',
  'insect',
  'butterfly',
  'spider',
  'reptile',
  'snake',
  'lizard',
  'turtle',
  'frog',
  'monkey',
  'ape',
  'wolf',
  'fox',
  'bear',
  'horse',
  'zebra',
  'cow',
  'sheep',
  'pig',
  'elephant',
  'rabbit',
  'rodent',
  'whale',
  'food',
  'fruit',
  'vegetable',
  'mushroom',
  'dessert',
  'bread',
  'drink',
  'coffee',
  'vehicle',
  'car',
  'truck',
  'bus',
  'train',
  'motorcycle',
  'bicycle',
  'boat',
  'aircraft',
  'airplane',
  'plant',
  'flower',
  'tree',
  'building',
  'toy',
]);

/** The families a drawing's subject is named by: those the classifier tells reliably. */
const DRAWN_FAMILIES = ['animal', 'food', 'vehicle', 'plant', 'building'] as const;

/** Categories of things that carry writing: text read in the picture corroborates them, so they are named as surely. */
const TEXT_BEARING_CATEGORIES: ReadonlySet<string> = new Set(['sign']);

export interface SubjectGroup {
  /** A canonical noun key (COCO label or category) or, for `imagenet`, an ImageNet class name. */
  key: string;
  kind: 'noun' | 'imagenet';
  count: number;
  confidence: number;
  boxes: Box[];
  /** For the people group: how many people were counted (bodies or, once a body is seen, faces). */
  people?: number;
  /**
   * For an ImageNet class counted by the detections it agrees with: their noun, which every language can put in
   * the plural ("two dogs" for two golden retrievers; the class names have no plural forms).
   */
  countable?: string;
}

export interface SubjectChoice {
  /** The main subject first, then other detected subjects; empty when none is certain. */
  groups: SubjectGroup[];
  reasons: ReviewReason[];
  /** The people seen, whether or not they lead. */
  people?: SubjectGroup;
}

type DetectedObject = NonNullable<Signals['objects']>['objects'][number];

/** The whole frame's classes, blended with the trimmed object's where the picture is an object on a plain background. */
export function blendedLabels(signals: Signals): ImageNetLabel[] {
  const whole = signals.labels?.labels ?? [];
  const object = signals.labels?.object;
  if (!object) return whole;
  const blended = new Map<number, ImageNetLabel>();
  const add = (labels: readonly ImageNetLabel[], weight: number) => {
    for (const label of labels) {
      const seen = blended.get(label.index);
      blended.set(label.index, { ...label, confidence: (seen?.confidence ?? 0) + weight * label.confidence });
    }
  };
  add(object, SUBJECT_SETTINGS.objectWeight);
  add(whole, 1 - SUBJECT_SETTINGS.objectWeight);
  return [...blended.values()].sort((a, b) => b.confidence - a.confidence);
}

/**
 * Category shares a subject may be named from. Weak evidence adds to a category the other classes already make likely
 * (a clownfish in its sea anemone) and never makes one alone.
 */
function namingShares(labels: readonly ImageNetLabel[]): Map<string, number> {
  const own = categoryShares(labels, (label, category) => {
    if (!WEAK_EVIDENCE.has(label.label) || label.confidence >= SUBJECT_SETTINGS.specificClass) return true;
    const weakFor = WEAK_EVIDENCE.get(label.label);
    return weakFor !== undefined && !weakFor.includes(category);
  });
  return new Map(
    [...categoryShares(labels)].map(([category, share]) => {
      const ownShare = own.get(category) ?? 0;
      return [category, ownShare >= SUBJECT_SETTINGS.category ? share : ownShare];
    }),
  );
}

/**
 * Each category's share: classes are mutually exclusive, so a category's probability is the sum of its classes'.
 * `counts` leaves a class out of a category it should not add to.
 */
export function categoryShares(
  labels: readonly ImageNetLabel[],
  counts: (label: ImageNetLabel, category: string) => boolean = () => true,
): Map<string, number> {
  const shares = new Map<string, number>();
  for (const label of labels) {
    for (const category of IMAGENET_CATEGORIES[label.index] ?? [])
      if (counts(label, category)) shares.set(category, Math.min(1, (shares.get(category) ?? 0) + label.confidence));
  }
  return shares;
}

/** How many ImageNet classes each category spans: fewer is more specific ("dog" before "animal"). */
const CATEGORY_SIZE: ReadonlyMap<string, number> = (() => {
  const sizes = new Map<string, number>();
  for (const categories of IMAGENET_CATEGORIES)
    for (const category of categories ?? []) sizes.set(category, (sizes.get(category) ?? 0) + 1);
  return sizes;
})();

function areaShare(box: Box, signals: Signals): number {
  return (box.width * box.height) / Math.max(1, signals.metadata.width * signals.metadata.height);
}

function groupDetections(objects: readonly DetectedObject[], signals: Signals): SubjectGroup[] {
  const groups = new Map<string, SubjectGroup>();
  for (const o of objects) {
    const key = canonicalKey(o.label);
    if (
      key === 'person' ||
      o.confidence < SUBJECT_SETTINGS.objectConfidence ||
      areaShare(o.box, signals) < SUBJECT_SETTINGS.objectArea
    )
      continue;
    const group = groups.get(key) ?? { key, kind: 'noun' as const, count: 0, confidence: 0, boxes: [] };
    group.count += 1;
    group.confidence = Math.max(group.confidence, o.confidence);
    group.boxes.push(o.box);
    groups.set(key, group);
  }
  return [...groups.values()].sort(
    (a, b) => b.confidence - a.confidence || b.count - a.count || (a.key < b.key ? -1 : 1),
  );
}

/**
 * People seen as bodies, large and sure enough, and short of filling the frame unless a face is seen; faces only
 * count how many once a body is seen (BlazeFace fires on cats and flowers).
 */
function peopleOf(objects: readonly DetectedObject[], signals: Signals): SubjectGroup | undefined {
  const faceSeen = (signals.faces?.count ?? 0) > 0;
  const bodies = objects.filter((o) => {
    if (canonicalKey(o.label) !== 'person' || o.confidence < SUBJECT_SETTINGS.personConfidence) return false;
    const area = areaShare(o.box, signals);
    return area >= SUBJECT_SETTINGS.personArea && (area < SUBJECT_SETTINGS.personFrame || faceSeen);
  });
  if (bodies.length === 0) return undefined;
  const count = Math.max(bodies.length, signals.faces?.count ?? 0);
  const confidence = Math.max(...bodies.map((b) => b.confidence));
  const boxes = bodies.map((b) => b.box);
  // Counts above two are unreliable (crowds hide bodies and faces): a group is named, not numbered.
  if (count > 2) return { key: 'group of people', kind: 'noun', count: 1, confidence, boxes, people: count };
  return { key: 'person', kind: 'noun', count, confidence, boxes, people: count };
}

/** The classifier's verdict: its top class when sure, else its most specific sure category. */
function classified(labels: readonly ImageNetLabel[], readText: boolean): SubjectGroup | undefined {
  const [top] = labels;
  if (top && top.confidence >= SUBJECT_SETTINGS.specificClass && !NOT_A_SUBJECT.has(top.label) && !isScene(top)) {
    return { key: top.label, kind: 'imagenet', count: 1, confidence: top.confidence, boxes: [] };
  }
  const threshold = (category: string) =>
    RELIABLE_CATEGORIES.has(category) || (readText && TEXT_BEARING_CATEGORIES.has(category))
      ? SUBJECT_SETTINGS.category
      : SUBJECT_SETTINGS.objectCategory;
  const sure = [...namingShares(labels)]
    .filter(([category, share]) => share >= threshold(category) && !SCENE_CATEGORIES.has(category))
    .sort((a, b) => (CATEGORY_SIZE.get(a[0]) ?? 0) - (CATEGORY_SIZE.get(b[0]) ?? 0) || b[1] - a[1]);
  const [category] = sure;
  return category ? { key: category[0], kind: 'noun', count: 1, confidence: category[1], boxes: [] } : undefined;
}

function isScene(label: ImageNetLabel): boolean {
  return (IMAGENET_CATEGORIES[label.index] ?? []).some((category) => SCENE_CATEGORIES.has(category));
}

/** The family the classifier is sure of, if any. */
function classifiedFamily(labels: readonly ImageNetLabel[]): { family: Family; share: number } | undefined {
  const shares = namingShares(labels);
  const [best] = FAMILIES.map((family) => ({ family, share: shares.get(family) ?? 0 })).sort(
    (a, b) => b.share - a.share,
  );
  return best && best.share >= SUBJECT_SETTINGS.contradiction ? best : undefined;
}

/** Does the classifier's verdict name the same thing as a detection (a tabby is a cat, a teddy is a toy, a daisy is no car)? */
function agrees(verdict: SubjectGroup, detection: SubjectGroup, labels: readonly ImageNetLabel[]): boolean {
  if (verdict.key === detection.key || verdict.key === COCO_FAMILY[detection.key]) return true;
  return labels.some((label) => {
    const categories: readonly string[] = IMAGENET_CATEGORIES[label.index] ?? [];
    const sameThing =
      verdict.kind === 'imagenet' ? label.label === verdict.key : sharedKey(label.label) === detection.key;
    const detected =
      verdict.kind === 'imagenet'
        ? categories.includes(detection.key) || categories.includes(COCO_FAMILY[detection.key] ?? '')
        : categories.includes(verdict.key);
    return sameThing && detected;
  });
}

/**
 * The classifier's top class is sure of something other than the detection: a family word that agrees with both (a
 * hippo and the detector's horse are both animals) does not make the detection the more specific name.
 */
function outvoted(detection: SubjectGroup, labels: readonly ImageNetLabel[]): boolean {
  const [top] = labels;
  if (!top || top.confidence < SUBJECT_SETTINGS.contradiction) return false;
  const categories: readonly string[] = IMAGENET_CATEGORIES[top.index] ?? [];
  return sharedKey(top.label) !== detection.key && !categories.includes(detection.key);
}

/** What the composer knows of the picture besides the models' findings. */
export interface PictureFacts {
  /** OCR surely read text in the picture. */
  readText: boolean;
  /** The picture is drawn (clip art, cartoons), not photographed. */
  drawn: boolean;
}

/**
 * The broad word for what a drawing shows. Both models learnt from photos: on cartoons their finer classes are
 * mostly wrong (a bull and a horse as reptiles, an apricot as a clock), their families mostly right.
 */
function drawnVerdict(labels: readonly ImageNetLabel[]): SubjectGroup | undefined {
  const shares = namingShares(labels);
  const [best] = DRAWN_FAMILIES.map((family) => ({ family, share: shares.get(family) ?? 0 })).sort(
    (a, b) => b.share - a.share,
  );
  return best && best.share >= SUBJECT_SETTINGS.category
    ? { key: best.family, kind: 'noun', count: 1, confidence: best.share, boxes: [] }
    : undefined;
}

/** `labels` are the blended classes (blendedLabels). */
export function chooseSubject(
  signals: Signals,
  objects: readonly DetectedObject[],
  labels: readonly ImageNetLabel[],
  { readText, drawn }: PictureFacts,
): SubjectChoice {
  const detections = groupDetections(objects, signals).filter(
    (detection) => !drawn || detection.confidence >= SUBJECT_SETTINGS.certainDetection,
  );
  const verdict = drawn ? drawnVerdict(labels) : classified(labels, readText);
  const family = classifiedFamily(labels);
  const reasons: ReviewReason[] = [];
  const bodies = peopleOf(objects, signals);
  // ImageNet has no class for people, so a sure animal outweighs a body the detector is unsure of (a gorilla, a hippo).
  const people =
    bodies && family?.family === 'animal' && bodies.confidence < SUBJECT_SETTINGS.certainDetection ? undefined : bodies;
  if (bodies && !people) reasons.push('detector and classifier disagree');
  let groups: SubjectGroup[];
  if (people) {
    groups = [people, ...detections];
  } else if (detections.length > 0) {
    const [first] = detections;
    const contradicted =
      family !== undefined &&
      COCO_FAMILY[first.key] !== family.family &&
      first.confidence < SUBJECT_SETTINGS.certainDetection;
    if (contradicted) {
      reasons.push('detector and classifier disagree');
      groups = verdict
        ? [verdict]
        : [{ key: family.family, kind: 'noun', count: 1, confidence: family.share, boxes: [] }];
    } else if (verdict && verdict.confidence > first.confidence) {
      const named = detections.filter(
        (detection) => agrees(verdict, detection, labels) && !(verdict.kind === 'noun' && outvoted(detection, labels)),
      );
      const others = detections.filter((detection) => !named.includes(detection));
      const rivals = family ? others.filter((detection) => COCO_FAMILY[detection.key] === family.family) : [];
      if (family && named.length === 0 && rivals.length > 0) {
        // Two names for one thing (a Komodo dragon the detector calls an elephant, a giraffe the classifier calls a
        // cheetah): only their family is sure.
        reasons.push('detector and classifier disagree');
        groups = [
          { key: family.family, kind: 'noun', count: 1, confidence: family.share, boxes: [] },
          ...others.filter((detection) => !rivals.includes(detection)),
        ];
      } else if (verdict.kind === 'noun' && named.length > 0) {
        // A detection the classifier's category confirms is the more specific name: "teddy bear", not "toy".
        groups = [...named, ...others];
      } else {
        // A surer specific class leads ("Espresso with a cup"); detections it names (a goldfinch is a bird) lend it their boxes.
        groups = [
          named.length > 0
            ? { ...verdict, count: named[0].count, boxes: named.flatMap((d) => d.boxes), countable: named[0].key }
            : verdict,
          ...others,
        ];
      }
    } else {
      groups = detections;
    }
  } else {
    groups = verdict ? [verdict] : [];
  }
  if (groups.length === 0) reasons.push('no certain subject');
  else if (groups[0].confidence < SUBJECT_SETTINGS.review) reasons.push('low-confidence subject');
  return { groups, reasons: [...new Set(reasons)], people };
}
