import type { Box } from '@tagphoto/contracts';

/**
 * What each analyzer reports. Labels here are canonical English keys (COCO names, ImageNet class
 * names, colour names); the composer translates them and maps them through the caller's vocabulary.
 */
export interface ObjectsSignal {
  objects: Array<{ label: string; confidence: number; box: Box }>;
}

/** Faces are only counted: no identity, no landmarks, no attributes leave the analyzer. */
export interface FacesSignal {
  count: number;
  /** Confidence of each counted face, highest first. */
  confidences: number[];
}

export interface SafetySignal {
  /** Class → probability, e.g. { neutral, drawing, sexy, porn, hentai }; the composer rates them in context. */
  scores: Record<string, number>;
}

export interface ImageNetLabel {
  /** ImageNet-1k class index (0–999). */
  index: number;
  label: string;
  confidence: number;
}

export interface LabelsSignal {
  /** Top ImageNet classes of the whole picture (its centre square), highest first. */
  labels: ImageNetLabel[];
  /** Top classes of the object alone, trimmed from a plain background (product shots); absent otherwise. */
  object?: ImageNetLabel[];
}

export interface TextSignal {
  /** All recognised lines joined with newlines, in reading order. */
  text: string;
  lines: Array<{ text: string; confidence: number; box: Box }>;
}

export interface ColorsSignal {
  /** Dominant palette, largest share first; `name` is a canonical English colour key. */
  colors: Array<{ hex: string; name: string; fraction: number }>;
}

/** Pixel statistics that tell a product shot, a screenshot or an illustration from a photo. */
export interface AppearanceSignal {
  /** Share of sampled pixels exactly equal to their right and lower neighbours: high for rendered graphics. */
  flatShare: number;
  /**
   * Share of sampled pixels within a small step of their right and lower neighbours, and share a hard edge away from
   * them: drawings compressed as JPEG or WebP lose exact repeats but keep flat fills between sharp outlines.
   */
  smoothShare: number;
  edgeShare: number;
  /** Distinct colours (6 bits a channel) per sampled pixel: low for flat illustrations and screenshots. */
  paletteShare: number;
  /** Mean HSV saturation, 0–1. This and the shares above are measured on the object alone where the background is plain. */
  saturation: number;
  /** Mean HSV value of the whole picture, 0–1. */
  brightness: number;
  /** Set when the frame is one plain colour: that colour and the box of what stands on it (shares of the picture). */
  background?: {
    color: [number, number, number];
    object: { x: number; y: number; width: number; height: number };
  };
}

export interface MetadataSignal {
  width: number;
  height: number;
  format: string;
  /** EXIF orientation tag (1–8) of the file, already applied to `width`/`height`. */
  orientation: number;
  camera?: { make?: string; model?: string };
  takenAt?: string;
}

export interface Signals {
  metadata: MetadataSignal;
  appearance: AppearanceSignal;
  objects?: ObjectsSignal;
  faces?: FacesSignal;
  safety?: SafetySignal;
  labels?: LabelsSignal;
  text?: TextSignal;
  colors?: ColorsSignal;
}

export type AnalyzerName = 'objects' | 'faces' | 'safety' | 'labels' | 'text' | 'colors';
