/** Where a model file comes from. */
export type ModelSource =
  /** A file shipped inside an npm package, used as is (e.g. PaddleOCR ONNX files). */
  | { kind: 'npm'; packageName: string; path: string }
  /** An ONNX file produced by tools/models/convert from a TF.js model shipped in an npm package. */
  | { kind: 'converted'; packageName: string; path: string }
  /** An optional pack found in the configured model folder (TAGPHOTO_MODEL_DIR), downloadable from `url`. */
  | { kind: 'pack'; fileName: string; url: string };

export interface ModelInputSpec {
  name: string;
  /** e.g. [1, 3, 224, 224]; -1 for dynamic dimensions. */
  shape: number[];
  layout: 'NCHW' | 'NHWC';
  /** Per-channel normalisation applied to 0–255 RGB: (x / 255 - mean) / std. */
  mean?: [number, number, number];
  std?: [number, number, number];
}

export interface ManifestEntry {
  id: string;
  version: string;
  source: ModelSource;
  /** sha256 of the ONNX file the engine loads (for converted models: of the converter's output). */
  sha256: string;
  byteSize?: number;
  input: ModelInputSpec;
  /** Where the class names come from, e.g. 'coco-80', 'imagenet-1k', 'nsfw-5', 'ppocr-keys-v1'. */
  labels?: string;
  license: string;
  /** Optional models degrade quality when absent; required ones are a clear error. */
  optional: boolean;
  /** For optional packs: what the engine does without them, in a few words an operator reads at start. */
  withoutIt?: string;
}
