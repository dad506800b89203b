import { IMAGENET_CATEGORIES } from '../labels/imagenet-categories';
import type { ImageNetLabel, Signals } from '../signals';

/**
 * What kind of picture it is, which the alt text says when no subject is certain. `picture` is the honest
 * word when the pixels do not tell: a photo and a painting look alike to these statistics, and only some artworks
 * draw the classifier's artwork classes.
 */
export const PICTURE_KINDS = ['picture', 'illustration', 'artwork', 'screenshot', 'document'] as const;
export type PictureKind = (typeof PICTURE_KINDS)[number];

/** Settings a picture without a certain subject is described by. */
export const SCENES = ['landscape', 'mountains', 'lake', 'sea', 'beach', 'coast', 'valley', 'night', 'water'] as const;
export type SceneKey = (typeof SCENES)[number];

/** Calibrated on the tune part of libs/tagging/fixtures/quality (tools/eval/quality-eval.js). */
export const PICTURE_SETTINGS = {
  /** Text covering this share of the picture, in at least `textLines` lines, makes it a text picture. */
  textArea: 0.03,
  textLines: 8,
  /** Rendered pictures (screenshots, clip art) repeat neighbouring pixels exactly; photos seldom do. */
  renderedFlatShare: 0.15,
  /** A text picture this grey and this little flat is a page of text: a document. */
  documentSaturation: 0.1,
  documentFlatShare: 0.3,
  /** Flat areas and few colours: clip art and cartoons (a photo of sweets is flat but many-coloured). */
  illustrationFlatShare: 0.5,
  illustrationPaletteShare: 0.03,
  /** The NSFW model's "drawing" class this sure also marks an illustration (silhouettes, line art). */
  drawing: 0.6,
  /**
   * An object on a plain background that is this smooth and has this many hard edges is drawn, even compressed: flat
   * fills between outlines. Photographed objects on white have shading (smooth ones, a tennis ball or a mug, few edges).
   */
  drawnSmoothShare: 0.5,
  drawnEdgeShare: 0.05,
  /**
   * ARTWORK_CLASSES summing to this make a picture without a plain background an artwork. On the paintings and prints
   * of GCompris' paintings.rcc and the tune part's paintings, 5 of 28 reach it. Of the tune part's 99 other pictures
   * and the 343 photos and wallpapers of tools/eval/artwork-probe.js, none does that is not already an illustration;
   * the surest other is a photo of a fallen leaf, at 0.28.
   */
  artwork: 0.3,
  /** ImageNet scene classes must sum to this before a scene is named. */
  scene: 0.3,
  /** A single scene class this sure is named ("a lake"); below it, the general "landscape". */
  specificScene: 0.6,
  /** A picture this dark on average is a night scene. */
  nightBrightness: 0.15,
} as const;

/** ImageNet classes that name a setting rather than an object, and the scene each stands for. */
const SCENE_CLASSES: Readonly<Record<string, SceneKey>> = {
  alp: 'mountains',
  volcano: 'mountains',
  cliff: 'landscape',
  valley: 'valley',
  lakeside: 'lake',
  boathouse: 'lake',
  seashore: 'sea',
  sandbar: 'beach',
  promontory: 'coast',
  breakwater: 'sea',
  'coral reef': 'water',
  geyser: 'landscape',
  dam: 'water',
  pier: 'sea',
  dock: 'water',
};

/**
 * ImageNet classes MobileNet gives paintings and prints, for their flat, patterned surfaces: "Van Gogh's painting a
 * Prayer rug". Textiles it also gives photos of fabric (quilt, velvet, curtains), clothes it gives photos of people
 * in dresses (kimono, hoopskirt), and rooms (altar, throne) are left out.
 */
const ARTWORK_CLASSES: ReadonlySet<string> = new Set([
  'jigsaw puzzle',
  'comic book',
  'book jacket',
  'prayer rug',
  'handkerchief',
]);

export interface Picture {
  kind: PictureKind;
  /** Set for text pictures: screenshots and documents whose text is their content. */
  textHeavy: boolean;
  scene?: { key: SceneKey; confidence: number };
}

/** Lines of recognised text and the share of the picture their boxes cover. */
function textCover(signals: Signals): { lines: number; area: number } {
  const lines = signals.text?.lines ?? [];
  const { width, height } = signals.metadata;
  const area = lines.reduce((sum, line) => sum + line.box.width * line.box.height, 0) / Math.max(1, width * height);
  return { lines: lines.length, area };
}

export function describePicture(signals: Signals, labels: readonly ImageNetLabel[]): Picture {
  const { flatShare, smoothShare, edgeShare, paletteShare, saturation, background } = signals.appearance;
  const text = textCover(signals);
  if (text.lines >= PICTURE_SETTINGS.textLines && text.area >= PICTURE_SETTINGS.textArea) {
    if (saturation < PICTURE_SETTINGS.documentSaturation && flatShare < PICTURE_SETTINGS.documentFlatShare) {
      return { kind: 'document', textHeavy: true };
    }
    if (flatShare >= PICTURE_SETTINGS.renderedFlatShare || background) return { kind: 'screenshot', textHeavy: true };
  }
  const drawn =
    (signals.safety?.scores.drawing ?? 0) >= PICTURE_SETTINGS.drawing ||
    (background !== undefined &&
      smoothShare >= PICTURE_SETTINGS.drawnSmoothShare &&
      edgeShare >= PICTURE_SETTINGS.drawnEdgeShare);
  if (
    drawn ||
    (flatShare >= PICTURE_SETTINGS.illustrationFlatShare && paletteShare <= PICTURE_SETTINGS.illustrationPaletteShare)
  ) {
    return { kind: 'illustration', textHeavy: false };
  }
  if (!background && artworkShare(labels) >= PICTURE_SETTINGS.artwork) return { kind: 'artwork', textHeavy: false };
  return { kind: 'picture', textHeavy: false, scene: sceneOf(signals, labels) };
}

function artworkShare(labels: readonly ImageNetLabel[]): number {
  return labels.reduce((sum, label) => sum + (ARTWORK_CLASSES.has(label.label) ? label.confidence : 0), 0);
}

function sceneOf(signals: Signals, labels: readonly ImageNetLabel[]): Picture['scene'] {
  const shares = new Map<SceneKey, number>();
  for (const label of labels) {
    const scene =
      SCENE_CLASSES[label.label] ?? (IMAGENET_CATEGORIES[label.index]?.includes('landscape') ? 'landscape' : undefined);
    if (scene) shares.set(scene, (shares.get(scene) ?? 0) + label.confidence);
  }
  const total = Math.min(
    1,
    [...shares.values()].reduce((sum, share) => sum + share, 0),
  );
  const [best] = [...shares.entries()].sort((a, b) => b[1] - a[1]);
  if (best && best[1] >= PICTURE_SETTINGS.specificScene) return { key: best[0], confidence: total };
  if (total >= PICTURE_SETTINGS.scene) return { key: 'landscape', confidence: total };
  if (signals.appearance.brightness <= PICTURE_SETTINGS.nightBrightness) return { key: 'night', confidence: 0.5 };
  return undefined;
}
