import type { Language } from '@tagphoto/contracts';
import type { PictureKind } from '../compose/picture';

/** What the built-in models found, given to the vision model as hints (English keys, confidences 0–1). */
export interface VisionFindings {
  objects: Array<{ label: string; confidence: number }>;
  /** Text the OCR read, as the built-in result quotes it ('' when none). */
  text: string;
  /** Dominant colour names, largest share first. */
  colors: string[];
  pictureKind: PictureKind;
  /** Faces counted where a person's body was seen. */
  faces: number;
}

/** One request to a vision model: the picture re-encoded as JPEG, the built-in findings and the language. */
export interface VisionRequest {
  jpeg: Buffer;
  findings: VisionFindings;
  language: Language;
}

/**
 * A wire format of a vision-language model server. `suggest` returns the model's answer text, still unparsed:
 * validating it is the merge's job, so that every wire format is judged by the same rules.
 */
export interface VisionProvider {
  /** Recorded in the result's `models.vision`, e.g. `ollama:qwen2.5vl:7b`. */
  readonly model: string;
  suggest(request: VisionRequest, signal: AbortSignal): Promise<string>;
}

/** The backend did not answer usefully: down, 5xx, 4xx, a timeout, or an envelope without an answer. */
export class VisionBackendError extends Error {
  constructor(
    message: string,
    /** Worth another try: a 5xx, 429, timeout or dropped connection, not a 4xx that will fail the same way. */
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'VisionBackendError';
  }
}

/** The backend answered, but the answer is not a usable caption (bad envelope, refusal, invalid JSON or fields). */
export class VisionAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VisionAnswerError';
  }
}
