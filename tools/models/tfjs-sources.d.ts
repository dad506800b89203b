import type { TfjsModelSource } from './convert-tfjs';

export const TFJS_MODELS: TfjsModelSource[];
export const REPO_ROOT: string;
export class ModelSourceError extends Error {}
export function packageRoot(packageName: string): string;
export function packageVersion(packageName: string): string;
export function sourcePaths(source: TfjsModelSource): string[];
export function readArtifacts(source: TfjsModelSource): { modelJson: TfjsModelJson; weightData: ArrayBuffer };

/** The parts of a TF.js model.json the converters read: the graph or layers topology and the weight manifest. */
export interface TfjsModelJson {
  modelTopology: object;
  weightsManifest: Array<{ paths: string[]; weights: unknown[] }>;
}
