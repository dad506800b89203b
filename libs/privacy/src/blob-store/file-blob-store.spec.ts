import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileBlobStore } from './file-blob-store';

async function collect(keys: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const key of keys) all.push(key);
  return all.sort();
}

describe('FileBlobStore listing and prefix deletion', () => {
  let root: string;
  let store: FileBlobStore;
  const keys = ['owner-a/image-1', 'owner-a/image-2', 'owner-a/thumbs/image-1', 'owner-ab/image-1', 'owner-b/image-1'];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'blobs-'));
    store = new FileBlobStore(root);
    for (const key of keys) await store.put(key, Buffer.from(key));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('lists every key, or those under a folder, or those starting with part of a name', async () => {
    expect(await collect(store.keys(''))).toEqual(keys);
    expect(await collect(store.keys('owner-a/'))).toEqual([
      'owner-a/image-1',
      'owner-a/image-2',
      'owner-a/thumbs/image-1',
    ]);
    expect(await collect(store.keys('owner-a'))).toEqual(keys.slice(0, 4));
    expect(await collect(store.keys('owner-a/image-'))).toEqual(['owner-a/image-1', 'owner-a/image-2']);
    expect(await collect(store.keys('owner-c/'))).toEqual([]);
    expect(await collect(store.keys('owner-a/image-1/'))).toEqual([]);
  });

  it('skips half-written temp files', async () => {
    await writeFile(join(root, 'owner-a', 'image-3.abc123.tmp'), 'partial');
    expect(await collect(store.keys('owner-a/image-'))).toEqual(['owner-a/image-1', 'owner-a/image-2']);
  });

  it('deletes an account folder entirely and leaves its neighbours', async () => {
    await store.deletePrefix('owner-a/');
    expect(await collect(store.keys('owner-a/'))).toEqual([]);
    expect(await collect(store.keys(''))).toEqual(['owner-ab/image-1', 'owner-b/image-1']);
    expect((await readdir(root)).sort()).toEqual(['owner-ab', 'owner-b']);
  });

  it('deletes by part of a name without touching other names in the folder', async () => {
    await store.deletePrefix('owner-a/thumbs');
    expect(await collect(store.keys('owner-a/'))).toEqual(['owner-a/image-1', 'owner-a/image-2']);
    expect((await readdir(join(root, 'owner-a'))).sort()).toEqual(['image-1', 'image-2']);
  });

  it('deletes everything for an empty prefix and tolerates a missing folder', async () => {
    await store.deletePrefix('owner-z/');
    await store.deletePrefix('');
    expect(await collect(store.keys(''))).toEqual([]);
    expect(await readdir(root)).toEqual([]);
  });

  it('refuses prefixes that could escape the root', async () => {
    await expect(collect(store.keys('../'))).rejects.toThrow('Invalid blob key prefix');
    await expect(store.deletePrefix('/etc')).rejects.toThrow('Invalid blob key prefix');
  });
});
