import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envelopeKeyId, masterKeyFrom } from '../envelope';
import { EncryptedBlobStore } from './encrypted-blob-store';
import { FileBlobStore } from './file-blob-store';
import { BlobRewrapError, rewrapBlobs } from './rewrap-blobs';

describe('rewrapBlobs on the filesystem', () => {
  const oldest = masterKeyFrom(randomBytes(32));
  const previous = masterKeyFrom(randomBytes(32));
  const next = masterKeyFrom(randomBytes(32));
  const images = new Map([
    ['owner-a/image-1', randomBytes(3000)],
    ['owner-a/image-2', randomBytes(10)],
    ['owner-b/image-1', randomBytes(700)],
    ['owner-b/image-2', randomBytes(1)],
  ]);
  let root: string;
  let driver: FileBlobStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'rewrap-'));
    driver = new FileBlobStore(root);
    const [a1, a2, b1, b2] = [...images];
    await new EncryptedBlobStore(driver, oldest).put(...a1);
    await new EncryptedBlobStore(driver, previous).put(...a2);
    await new EncryptedBlobStore(driver, previous).put(...b1);
    await new EncryptedBlobStore(driver, next).put(...b2);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('moves every object to the new master key, counting those already there', async () => {
    expect(await rewrapBlobs(driver, [previous, oldest], next)).toEqual({ rewrapped: 3, alreadyCurrent: 1 });
    const onlyNext = new EncryptedBlobStore(driver, next);
    for (const [key, bytes] of images) {
      expect(envelopeKeyId((await driver.get(key))!)).toBe(next.id);
      expect(await onlyNext.get(key)).toEqual(bytes);
    }
  });

  it('finds nothing left to do on a second run', async () => {
    await rewrapBlobs(driver, [previous, oldest], next);
    expect(await rewrapBlobs(driver, [previous, oldest], next)).toEqual({ rewrapped: 0, alreadyCurrent: 4 });
  });

  it('limits itself to a prefix', async () => {
    expect(await rewrapBlobs(driver, [previous, oldest], next, 'owner-b/')).toEqual({
      rewrapped: 1,
      alreadyCurrent: 1,
    });
    expect(envelopeKeyId((await driver.get('owner-a/image-1'))!)).toBe(oldest.id);
  });

  it('stops and names the blob whose master key is missing', async () => {
    const failure = rewrapBlobs(driver, [previous], next, 'owner-a/');
    await expect(failure).rejects.toThrow(BlobRewrapError);
    await expect(rewrapBlobs(driver, [previous], next, 'owner-a/')).rejects.toThrow(`owner-a/image-1`);
  });
});
