import type { DecodedImage } from '../decode/decoded-image';
import type { ModelSessions } from '../models/model-sessions';

/** One analyzer per signal. Stateless apart from the shared model sessions it is given. */
export interface Analyzer<S> {
  readonly name: string;
  /** Model ids (from the manifest) this analyzer needs; an optional one missing makes it skip. */
  readonly models: readonly string[];
  analyze(image: DecodedImage, sessions: ModelSessions): Promise<S>;
}
