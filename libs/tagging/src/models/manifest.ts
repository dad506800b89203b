import { CONVERTED_MODELS } from './converted-models';
import { IMAGENET_MOBILENETV2 } from './imagenet-model';
import type { ManifestEntry } from './manifest-entry';
import { OCR_MODELS } from './ocr-models';

/** Every model the engine can load: converted TF.js models, the OCR models and optional packs. */
export const MODELS: readonly ManifestEntry[] = [...CONVERTED_MODELS, ...OCR_MODELS, IMAGENET_MOBILENETV2];
