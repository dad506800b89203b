import type { ManifestEntry } from './manifest-entry';

/**
 * ImageNet-1k classifier pack: the ONNX Model Zoo file validated/vision/classification/mobilenet/model/
 * mobilenetv2-12-int8.onnx (MobileNet v2 1.0, int8-quantized, Apache-2.0). Too large for an npm package we
 * control, so it is fetched from the zoo by `npm run models:fetch` (and by `npm run build` when the network
 * allows) and verified against its sha256; without it the engine still runs, naming fewer things.
 */
export const IMAGENET_MOBILENETV2: ManifestEntry = {
  id: 'imagenet-mobilenetv2',
  version: 'mobilenetv2-12-int8',
  source: {
    kind: 'pack',
    fileName: 'mobilenetv2-12-int8.onnx',
    url: 'https://github.com/onnx/models/raw/main/validated/vision/classification/mobilenet/model/mobilenetv2-12-int8.onnx',
  },
  sha256: '83530ad811bc31d2b60a5599a21265a5057608c9b044b4ee758cc22f2309f54f',
  byteSize: 3655640,
  input: {
    name: 'input',
    shape: [-1, 3, 224, 224],
    layout: 'NCHW',
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
  },
  labels: 'imagenet-1k',
  license: 'Apache-2.0',
  optional: true,
  withoutIt: 'tags and alt text name fewer things',
};
