/** Types of convert-tfjs.js (plain CommonJS so it runs right after `npm ci`, without a build step). */
export interface ConvertedModelIndex {
  id: string;
  version: string;
  sourceSha256: string;
  sha256: string;
  byteSize: number;
  file: string;
  converterRevision: number;
}

export interface TfjsModelSource {
  id: string;
  packageName: string;
  files: string[];
  kind: 'graph' | 'layers';
  inputName: string;
  /** TF.js node (graph) or layer (layers model) → ONNX output name. */
  outputs: Record<string, string>;
}

export const CONVERTER_REVISION: number;
export const TFJS_MODELS: TfjsModelSource[];

export function convertAll(options?: {
  cacheDir?: string;
  ids?: string[];
}): Array<ConvertedModelIndex & { path: string; status: 'converted' | 'up to date' }>;
export function convertModel(source: TfjsModelSource): Buffer;
export function sourceHash(source: TfjsModelSource): string;
