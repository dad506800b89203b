import type { Language } from '@tagphoto/contracts';
import type { AnalyzerName } from './signals';

/** The caller's own tags: each `tag` is used when a model label or synonym in `matches` is found. */
export interface Vocabulary {
  terms: Array<{ tag: string; matches: string[] }>;
}

export interface AnalyzeOptions {
  /** Language of tags, title, description and alt text; default English. */
  language?: Language;
  vocabulary?: Vocabulary;
  /** Tags below this confidence are dropped. */
  minConfidence?: number;
  /** Which analyzers run; default all whose models are present. */
  analyzers?: AnalyzerName[];
  /** With a vocabulary: also keep tags that match none of its terms. */
  keepUnknown?: boolean;
  /** Ask the engine's vision backend for the caption, when one is configured; default true. */
  vision?: boolean;
}

export const ANALYZER_NAMES: readonly AnalyzerName[] = ['objects', 'faces', 'safety', 'labels', 'text', 'colors'];
