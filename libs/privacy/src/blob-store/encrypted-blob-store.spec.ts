import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { masterKeyFrom, DecryptionError } from '../envelope';
import { EncryptedBlobStore } from './encrypted-blob-store';
import { FileBlobStore } from './file-blob-store';

describe('EncryptedBlobStore on the filesystem', () => {
  let root: string;
  let store: EncryptedBlobStore;
  const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xdb]), randomBytes(2000)]);

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'blobs-'));
    store = new EncryptedBlobStore(new FileBlobStore(root), masterKeyFrom(randomBytes(32)));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stores only ciphertext on disk and returns the original bytes', async () => {
    await store.put('owner/image', bytes);
    const onDisk = await readFile(join(root, 'owner/image'));
    expect(onDisk.includes(bytes.subarray(0, 4))).toBe(false);
    expect(await store.get('owner/image')).toEqual(bytes);
  });

  it('returns undefined for a missing blob and deletes idempotently', async () => {
    expect(await store.get('owner/none')).toBeUndefined();
    await store.put('owner/image', bytes);
    await store.delete('owner/image');
    await store.delete('owner/image');
    expect(await store.get('owner/image')).toBeUndefined();
    expect(await readdir(join(root, 'owner'))).toEqual([]);
  });

  it('fails loudly when a byte on disk is altered', async () => {
    await store.put('owner/image', bytes);
    const driver = new FileBlobStore(root);
    const sealed = (await driver.get('owner/image'))!;
    sealed[sealed.length - 10] ^= 0xff;
    await driver.put('owner/image', sealed);
    await expect(store.get('owner/image')).rejects.toThrow(DecryptionError);
  });

  it('refuses keys that could escape the root', async () => {
    await expect(store.put('../escape', bytes)).rejects.toThrow('Invalid blob key');
    await expect(store.put('/abs', bytes)).rejects.toThrow('Invalid blob key');
  });
});
