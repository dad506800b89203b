import { ModelChecksumError } from '../errors';
import type { ManifestEntry } from './manifest-entry';
import { downloadPack, ModelStore } from './model-store';

/**
 * A folder URL holding the packs under their file names, used instead of their public sources: for a local
 * mirror in a closed network, and for tests (a server on 127.0.0.1).
 */
export const MODEL_MIRROR_ENV = 'TAGPHOTO_MODEL_MIRROR';

export type PackInstall =
  | { id: string; outcome: 'present' | 'installed'; path: string }
  /** `refused`: a file came but did not match its sha256 (not merely an unreachable network). */
  | { id: string; outcome: 'failed'; path: string; reason: string; refused: boolean };

export interface InstallPacksOptions {
  /** Environment to read TAGPHOTO_MODEL_DIR, TAGPHOTO_CACHE_DIR and the mirror from. */
  env?: NodeJS.ProcessEnv;
  /** Longest a pack's download may take before it is given up. */
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

/** Where a pack is downloaded from: its public source, or the same file name under the configured mirror. */
export function packUrl(entry: ManifestEntry, env: NodeJS.ProcessEnv = process.env): string {
  if (entry.source.kind !== 'pack') throw new Error(`Model "${entry.id}" is not a downloadable pack.`);
  const mirror = env[MODEL_MIRROR_ENV];
  return mirror
    ? new URL(entry.source.fileName, mirror.endsWith('/') ? mirror : `${mirror}/`).toString()
    : entry.source.url;
}

function reasonOf(error: unknown, url: string): string {
  if (error instanceof ModelChecksumError) {
    return `the file from ${url} has sha256 ${error.actual}, not the published ${error.expected}: refused, nothing was installed`;
  }
  // fetch's errors may come from another realm (undici), so they are read by shape, not by instanceof.
  const { name, message, cause } = (error ?? {}) as { name?: string; message?: string; cause?: { message?: string } };
  if (name === 'TimeoutError' || name === 'AbortError') return `${url} did not answer in time`;
  return `${message ?? String(error)}${cause?.message ? `: ${cause.message}` : ''} (${url})`;
}

/**
 * Downloads every optional pack that is not in the model folder yet, verifying each against the manifest's
 * sha256 before it is put in place; packs already present are left alone. Never throws for one pack: each
 * outcome says what happened.
 */
export async function installMissingPacks(
  entries: readonly ManifestEntry[],
  options: InstallPacksOptions,
): Promise<PackInstall[]> {
  const env = options.env ?? process.env;
  const packs = entries.filter((entry) => entry.source.kind === 'pack');
  const store = new ModelStore(packs, { env });
  const outcomes: PackInstall[] = [];
  for (const entry of packs) {
    const path = store.expectedPath(entry);
    const url = packUrl(entry, env);
    let present: string | undefined;
    try {
      present = await store.resolve(entry.id);
    } catch (error) {
      // A damaged file where the pack should be: the operator decides what to do with it, nothing is replaced.
      outcomes.push({
        id: entry.id,
        outcome: 'failed',
        path,
        reason: error instanceof Error ? error.message : String(error),
        refused: true,
      });
      continue;
    }
    if (present) {
      outcomes.push({ id: entry.id, outcome: 'present', path });
      continue;
    }
    try {
      await downloadPack(entry, store.modelDir, {
        url,
        fetchImpl: options.fetchImpl,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      outcomes.push({ id: entry.id, outcome: 'installed', path });
    } catch (error) {
      outcomes.push({
        id: entry.id,
        outcome: 'failed',
        path,
        reason: reasonOf(error, url),
        refused: error instanceof ModelChecksumError,
      });
    }
  }
  return outcomes;
}
