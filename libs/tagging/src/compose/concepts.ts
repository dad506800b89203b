import type { TagSource } from '@tagphoto/contracts';

/**
 * Other names of one concept → its canonical key (a COCO label where one exists). ImageNet class names and
 * COCO labels meet here ("television" and "tv" are one tag); vocabulary matching also accepts these names.
 */
export const SYNONYMS: Readonly<Record<string, string>> = {
  television: 'tv',
  'television set': 'tv',
  'cellular telephone': 'cell phone',
  'mobile phone': 'cell phone',
  cellphone: 'cell phone',
  smartphone: 'cell phone',
  sofa: 'couch',
  hotdog: 'hot dog',
  'computer keyboard': 'keyboard',
  'remote control': 'remote',
  teddy: 'teddy bear',
  'hand blower': 'hair drier',
  'hair dryer': 'hair drier',
  notebook: 'laptop',
  'laptop computer': 'laptop',
  'microwave oven': 'microwave',
  fridge: 'refrigerator',
  doughnut: 'donut',
  motorbike: 'motorcycle',
  bike: 'bicycle',
  aeroplane: 'airplane',
  plane: 'airplane',
  automobile: 'car',
  lorry: 'truck',
  cattle: 'cow',
  ball: 'sports ball',
  human: 'person',
  persons: 'people',
};

export function canonicalKey(label: string): string {
  return SYNONYMS[label.toLowerCase()] ?? label;
}

/**
 * ImageNet classes whose name is also another concept's: the bird kite is not COCO's flying kite, and the
 * carpenter's plane is no airplane. They stay ImageNet classes, translated as such ("Milan", "Hobel").
 */
const OTHER_SENSE: ReadonlySet<string> = new Set(['kite', 'plane']);

/** The canonical key an ImageNet class name shares with COCO's labels, or undefined when it names another sense. */
export function sharedKey(imagenetLabel: string): string | undefined {
  return OTHER_SENSE.has(imagenetLabel) ? undefined : canonicalKey(imagenetLabel);
}

/** English names that lead to a canonical key, for vocabulary matching. */
export function aliasesOf(key: string): string[] {
  return Object.entries(SYNONYMS)
    .filter(([, canonical]) => canonical === key)
    .map(([alias]) => alias);
}

/** When one tag comes from several signals, the most specific source is reported: a detection beats a guess. */
export const SOURCE_SPECIFICITY: readonly TagSource[] = [
  'objects',
  'faces',
  'labels',
  'text',
  'safety',
  'category',
  'colors',
];

export function moreSpecific(a: TagSource, b: TagSource): TagSource {
  return SOURCE_SPECIFICITY.indexOf(a) <= SOURCE_SPECIFICITY.indexOf(b) ? a : b;
}

/** Things a subject can sit or stand on: "cat on a sofa", "person on a horse". */
export const SUPPORTS: ReadonlySet<string> = new Set([
  'couch',
  'bed',
  'chair',
  'bench',
  'dining table',
  'toilet',
  'surfboard',
  'skateboard',
  'skis',
  'snowboard',
  'motorcycle',
  'bicycle',
  'horse',
  'elephant',
  'boat',
]);
