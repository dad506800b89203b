import type { ManifestEntry } from './manifest-entry';

/**
 * ONNX models produced by `node tools/models/convert-tfjs.js` from TF.js models shipped in npm packages.
 * `sha256` is of the converter's output, which is deterministic: the same package version and converter
 * revision always give these bytes. Every input is NCHW float32 RGB; outputs keep TF.js' NHWC layout.
 */
export const CENTERNET_COCO: ManifestEntry = {
  id: 'centernet-coco',
  version: 'human-3.3.6',
  source: { kind: 'converted', packageName: '@vladmandic/human', path: 'models/centernet.json' },
  sha256: 'ff29c6477c2e3e1b1cfae3e9c7c31d3a7501a0795796a8b335ddf713960428ae',
  byteSize: 8155465,
  // Raw 0–255 pixels: (x / 255 - 0) / (1 / 255) = x. Outputs: heatmap [1,128,128,80], wh [1,128,128,4].
  input: { name: 'images', shape: [1, 3, 512, 512], layout: 'NCHW', mean: [0, 0, 0], std: [1 / 255, 1 / 255, 1 / 255] },
  labels: 'coco-80',
  license: 'MIT (@vladmandic/human; MB3-CenterNet by 610265158/mobilenetv3_centernet)',
  optional: false,
};

export const BLAZEFACE: ManifestEntry = {
  id: 'blazeface',
  version: 'human-3.3.6',
  source: { kind: 'converted', packageName: '@vladmandic/human', path: 'models/blazeface.json' },
  sha256: '0876e0ea3ebf69acf998c2e4a319cb3acb7abe1d88589e4fa85c6e8ff33f6080',
  byteSize: 590240,
  // x / 127.5 - 1. Outputs: scores_16 [1,512,1], boxes_16 [1,512,16], scores_8 [1,384,1], boxes_8 [1,384,16].
  input: { name: 'input', shape: [1, 3, 256, 256], layout: 'NCHW', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
  license: 'MIT (@vladmandic/human; BlazeFace back model by Google, Apache-2.0)',
  optional: false,
};

export const NSFW_MOBILENET_V2: ManifestEntry = {
  id: 'nsfw-mobilenet-v2',
  version: 'nsfwjs-4.3.0',
  source: { kind: 'converted', packageName: 'nsfwjs', path: 'dist/models/mobilenet_v2/model.min.js' },
  sha256: '2192fd9d9e512347685691605d3cd42ae5fc83fcd54942d238010b2928f6b776',
  byteSize: 10375088,
  // x / 255. Output: probabilities [1,5] over drawing, hentai, neutral, porn, sexy.
  input: { name: 'input', shape: [1, 3, 224, 224], layout: 'NCHW', mean: [0, 0, 0], std: [1, 1, 1] },
  labels: 'nsfw-5',
  license: 'MIT (nsfwjs by Infinite Red)',
  optional: false,
};

export const CONVERTED_MODELS: ManifestEntry[] = [CENTERNET_COCO, BLAZEFACE, NSFW_MOBILENET_V2];
