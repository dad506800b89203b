export { TaggingEngine, ENGINE_VERSION, type EngineConfig, type MissingPack } from './engine';
export { ANALYZER_NAMES, type AnalyzeOptions, type Vocabulary } from './options';
export {
  TaggingError,
  UnsupportedImageError,
  CorruptImageError,
  ImageTooLargeError,
  ModelMissingError,
  ModelChecksumError,
} from './errors';
export { decodeImage, DEFAULT_DECODE_LIMITS, type DecodeLimits, type DecodedPhoto } from './decode/decode';
export type { DecodedImage, RawRgb } from './decode/decoded-image';
export type { AnalyzerName, Signals } from './signals';
export type { ManifestEntry } from './models/manifest-entry';
export { MODELS } from './models/manifest';
export { ModelStore, downloadPack, type ModelStatus, type ModelStoreOptions } from './models/model-store';
export {
  VisionCaptioner,
  DEFAULT_VISION_SETTINGS,
  type VisionSettings,
  type VisionState,
} from './vision/vision-captioner';
export { OllamaVisionProvider } from './vision/ollama.provider';
export type { VisionServerConfig } from './vision/chat-server';
export { OpenAiVisionProvider } from './vision/openai.provider';
export {
  VisionBackendError,
  VisionAnswerError,
  type VisionProvider,
  type VisionRequest,
  type VisionFindings,
} from './vision/vision-provider';
export { installMissingPacks, MODEL_MIRROR_ENV, packUrl, type PackInstall } from './models/pack-fetch';
