import type { Box, SafetyRating } from '@tagphoto/contracts';

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
  rating: SafetyRating;
  /** Class → probability, e.g. { neutral, drawing, sexy, porn, hentai }. */
  scores: Record<string, number>;
}

export interface LabelsSignal {
  /** Top ImageNet classes, highest first. `index` is the ImageNet-1k class index (0–999). */
  labels: Array<{ index: number; label: string; confidence: number }>;
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
  objects?: ObjectsSignal;
  faces?: FacesSignal;
  safety?: SafetySignal;
  labels?: LabelsSignal;
  text?: TextSignal;
  colors?: ColorsSignal;
}

export type AnalyzerName = 'objects' | 'faces' | 'safety' | 'labels' | 'text' | 'colors';
