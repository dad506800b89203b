import table from './imagenet-categories.json';

/**
 * Category keys: general, searchable concepts (canonical English keys, translated by the composer), and for every
 * ImageNet-1k class index its categories, most specific first. The table is data, generated into
 * imagenet-categories.json by tools/labels/imagenet-categories.js from the WordNet 3.1 noun hierarchy.
 */
export const CATEGORY_KEYS: readonly string[] = table.categoryKeys;

/** ImageNet-1k class index → its categories, most specific first. */
export const IMAGENET_CATEGORIES: ReadonlyArray<readonly string[]> = table.classes.map((entry) => entry.categories);
