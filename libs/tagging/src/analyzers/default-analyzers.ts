import type { AnalyzerName, Signals } from '../signals';
import type { Analyzer } from './analyzer';
import { ColorsAnalyzer } from './colors.analyzer';
import { FacesAnalyzer } from './faces.analyzer';
import { LabelsAnalyzer } from './labels.analyzer';
import { ObjectsAnalyzer } from './objects.analyzer';
import { SafetyAnalyzer } from './safety.analyzer';
import { TextAnalyzer } from './text/text.analyzer';

export type SignalOf<K extends AnalyzerName> = NonNullable<Signals[K]>;

/** One analyzer per signal, keyed by the name callers use in `AnalyzeOptions.analyzers`. */
export type AnalyzerSet = { [K in AnalyzerName]: Analyzer<SignalOf<K>> };

export function defaultAnalyzers(): AnalyzerSet {
  return {
    objects: new ObjectsAnalyzer(),
    faces: new FacesAnalyzer(),
    safety: new SafetyAnalyzer(),
    labels: new LabelsAnalyzer(),
    text: new TextAnalyzer(),
    colors: new ColorsAnalyzer(),
  };
}
