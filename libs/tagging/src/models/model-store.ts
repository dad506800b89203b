import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, promises as fs } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ModelChecksumError, ModelMissingError } from '../errors';
import type { ManifestEntry } from './manifest-entry';

export interface ModelStoreOptions {
  /** Folder holding optional packs; default env TAGPHOTO_MODEL_DIR, else `<cacheDir>/models`. */
  modelDir?: string;
  /** Folder the converter writes to (`<cacheDir>/models`); default env TAGPHOTO_CACHE_DIR, else `<repo root>/.cache`. */
  cacheDir?: string;
  /** Environment to read the defaults from (the process environment unless given). */
  env?: NodeJS.ProcessEnv;
}

export type ModelStatus =
  | { id: string; present: true; path: string; version: string }
  | { id: string; present: false; path: string; optional: boolean };

/** What tools/models/convert-tfjs.js writes next to each converted model as `<id>.json`. */
interface ConvertedSidecar {
  file?: string;
  onnx?: string;
  sha256?: string;
}

/** src/models and dist/models both sit four levels below the repository root. */
const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');

/** sha256 per file version, so each model file is hashed once per process however many engines start. */
const digestCache = new Map<string, Promise<string>>();

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TAGPHOTO_CACHE_DIR ? resolve(env.TAGPHOTO_CACHE_DIR) : join(REPO_ROOT, '.cache');
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** sha256 of a file, memoised by path + size + mtime (a replaced file is hashed again). */
export async function fileDigest(path: string): Promise<string> {
  const stat = await fs.stat(path);
  const key = `${path}:${stat.size}:${stat.mtimeMs}`;
  let digest = digestCache.get(key);
  if (!digest) {
    digest = hashFile(path);
    digestCache.set(key, digest);
    digest.catch(() => digestCache.delete(key));
  }
  return digest;
}

/** Packages with an `exports` map forbid require.resolve of their files, so find the folder itself. */
function resolvePackageDir(packageName: string): string | undefined {
  const searchPaths = require.resolve.paths(packageName) ?? [];
  for (const base of searchPaths) {
    const candidate = join(base, packageName);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
  }
  return undefined;
}

async function readSidecar(path: string): Promise<ConvertedSidecar | undefined> {
  try {
    return JSON.parse(await fs.readFile(path, 'utf8')) as ConvertedSidecar;
  } catch {
    return undefined;
  }
}

async function newestMatching(dir: string, prefix: string, suffix: string): Promise<string | undefined> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return undefined;
  }
  const matches = await Promise.all(
    names
      .filter((name) => name.startsWith(prefix) && name.endsWith(suffix))
      .map(async (name) => ({ path: join(dir, name), mtime: (await fs.stat(join(dir, name))).mtimeMs })),
  );
  matches.sort((a, b) => b.mtime - a.mtime);
  return matches[0]?.path;
}

interface Location {
  path: string;
  sha256: string;
}

/** Finds every manifest model on disk and checks it against its sha256 before anything loads it. */
export class ModelStore {
  readonly modelDir: string;
  readonly cacheDir: string;
  private readonly entries = new Map<string, ManifestEntry>();

  constructor(entries: readonly ManifestEntry[], options: ModelStoreOptions = {}) {
    const env = options.env ?? process.env;
    this.cacheDir = options.cacheDir ? resolve(options.cacheDir) : defaultCacheDir(env);
    const envModelDir = env.TAGPHOTO_MODEL_DIR ? resolve(env.TAGPHOTO_MODEL_DIR) : undefined;
    this.modelDir = options.modelDir ? resolve(options.modelDir) : (envModelDir ?? join(this.cacheDir, 'models'));
    for (const entry of entries) this.entries.set(entry.id, entry);
  }

  entry(modelId: string): ManifestEntry {
    const entry = this.entries.get(modelId);
    if (!entry) throw new Error(`Unknown model id "${modelId}": it is not in the model manifest.`);
    return entry;
  }

  ids(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * Path of a verified model file, or undefined when an optional model is absent.
   * Throws ModelMissingError for an absent required model, ModelChecksumError for a damaged file.
   */
  async resolve(modelId: string): Promise<string | undefined> {
    const entry = this.entry(modelId);
    const location = await this.locate(entry);
    if (!location) {
      if (entry.optional) return undefined;
      throw new ModelMissingError(entry.id, this.expectedPath(entry));
    }
    await this.verify(entry, location);
    return location.path;
  }

  /** Like resolve, but an absent model is an error even when it is optional. */
  async require(modelId: string): Promise<string> {
    const path = await this.resolve(modelId);
    if (!path) throw new ModelMissingError(modelId, this.expectedPath(this.entry(modelId)));
    return path;
  }

  /** Presence of every model, for health checks and `npm run models`; never throws for absent files. */
  async status(): Promise<ModelStatus[]> {
    return Promise.all(
      [...this.entries.values()].map(async (entry): Promise<ModelStatus> => {
        const location = await this.locate(entry);
        if (!location)
          return { id: entry.id, present: false, path: this.expectedPath(entry), optional: entry.optional };
        await this.verify(entry, location);
        return { id: entry.id, present: true, path: location.path, version: entry.version };
      }),
    );
  }

  /** Where the file is expected, for messages. */
  expectedPath(entry: ManifestEntry): string {
    const source = entry.source;
    switch (source.kind) {
      case 'npm': {
        const dir = resolvePackageDir(source.packageName);
        return dir ? join(dir, source.path) : join('node_modules', source.packageName, source.path);
      }
      case 'converted':
        return join(this.cacheDir, 'models', `${entry.id}-*.onnx`);
      case 'pack':
        return join(this.modelDir, source.fileName);
    }
  }

  private async locate(entry: ManifestEntry): Promise<Location | undefined> {
    const source = entry.source;
    switch (source.kind) {
      case 'npm':
      case 'pack': {
        const path = this.expectedPath(entry);
        return existsSync(path) ? { path, sha256: entry.sha256 } : undefined;
      }
      case 'converted': {
        const dir = join(this.cacheDir, 'models');
        const sidecar = await readSidecar(join(dir, `${entry.id}.json`));
        const named = sidecar?.file ?? sidecar?.onnx;
        const path = named ? join(dir, named) : await newestMatching(dir, `${entry.id}-`, '.onnx');
        if (!path || !existsSync(path)) return undefined;
        return { path, sha256: entry.sha256 || (sidecar?.sha256 ?? '') };
      }
    }
  }

  private async verify(entry: ManifestEntry, location: Location): Promise<void> {
    const actual = await fileDigest(location.path);
    if (location.sha256.toLowerCase() !== actual) {
      throw new ModelChecksumError(entry.id, location.path, location.sha256 || '(none recorded)', actual);
    }
  }
}

export interface DownloadOptions {
  fetchImpl?: typeof fetch;
  /** Where to download from instead of the manifest's public source (a mirror). */
  url?: string;
  /** Aborts the download, e.g. AbortSignal.timeout(ms). */
  signal?: AbortSignal;
}

/**
 * Download an optional pack into `modelDir`: stream to a temporary file while hashing, then rename into
 * place only when the sha256 matches, so a half-written or wrong file never sits where the store looks.
 */
export async function downloadPack(
  entry: ManifestEntry,
  modelDir: string,
  options: DownloadOptions = {},
): Promise<string> {
  if (entry.source.kind !== 'pack') throw new Error(`Model "${entry.id}" is not a downloadable pack.`);
  const fetchImpl = options.fetchImpl ?? fetch;
  const target = join(modelDir, entry.source.fileName);
  await fs.mkdir(dirname(target), { recursive: true });
  const temp = join(modelDir, `.${entry.source.fileName}.${randomBytes(6).toString('hex')}.part`);
  try {
    const url = options.url ?? entry.source.url;
    const response = await fetchImpl(url, { signal: options.signal });
    if (!response.ok || !response.body) {
      throw new Error(`Downloading model "${entry.id}" from ${url} failed with HTTP ${response.status}.`);
    }
    const hash = createHash('sha256');
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), hashing, createWriteStream(temp));
    const actual = hash.digest('hex');
    if (actual !== entry.sha256.toLowerCase()) throw new ModelChecksumError(entry.id, url, entry.sha256, actual);
    await fs.rename(temp, target);
    return target;
  } finally {
    await fs.rm(temp, { force: true });
  }
}
