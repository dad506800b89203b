import type { TfjsModelSource } from './convert-tfjs';

export const TFJS_MODELS: TfjsModelSource[];
export const REPO_ROOT: string;
export class ModelSourceError extends Error {}
export function packageRoot(packageName: string): string;
export function packageVersion(packageName: string): string;
export function sourcePaths(source: TfjsModelSource): string[];
export function readArtifacts(source: TfjsModelSource): { modelJson: any; weightData: ArrayBuffer };
