import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { assertBlobKey, assertBlobPrefix } from './blob-key';
import type { BlobStore } from './blob-store';

/** Blobs as files under one root; writes go through a temp file and a rename so readers never see half a blob. */
export class FileBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, bytes);
    await rename(temp, path);
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async *keys(prefix: string): AsyncIterable<string> {
    for await (const entry of this.walk(prefix)) {
      if (entry.kind === 'blob') yield entry.key;
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    const folders = prefix.endsWith('/') ? [prefix.slice(0, -1)] : [];
    for await (const entry of this.walk(prefix)) {
      if (entry.kind === 'blob') await this.delete(entry.key);
      else if (`${entry.key}/`.startsWith(prefix)) folders.push(entry.key);
    }
    // Deepest first, so a folder emptied by this call disappears with it; one a writer refilled meanwhile stays.
    for (const folder of folders.reverse()) {
      await rmdir(join(this.root, folder)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST' && !isMissing(error)) throw error;
      });
    }
  }

  /** Walks only the folder the prefix points into; folders come before their contents. */
  private async *walk(prefix: string): AsyncGenerator<{ kind: 'blob' | 'folder'; key: string }> {
    assertBlobPrefix(prefix);
    const base = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    yield* this.walkFolder(base.replace(/\/$/, ''), prefix);
  }

  private async *walkFolder(folder: string, prefix: string): AsyncGenerator<{ kind: 'blob' | 'folder'; key: string }> {
    let entries;
    try {
      entries = await readdir(join(this.root, folder), { withFileTypes: true });
    } catch (error) {
      if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw error;
    }
    for (const entry of entries) {
      const key = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!key.startsWith(prefix) && !prefix.startsWith(`${key}/`)) continue;
        yield { kind: 'folder', key };
        yield* this.walkFolder(key, prefix);
      } else if (entry.isFile() && !entry.name.includes('.') && key.startsWith(prefix)) {
        // Names with a dot are in-flight temp files (keys never contain one).
        yield { kind: 'blob', key };
      }
    }
  }

  private pathOf(key: string): string {
    return join(this.root, assertBlobKey(key));
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}
