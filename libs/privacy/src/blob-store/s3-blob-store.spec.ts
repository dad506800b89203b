import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { DecryptionError, masterKeyFrom } from '../envelope';
import { EncryptedBlobStore } from './encrypted-blob-store';
import { S3BlobStore, S3BlobStoreOptions } from './s3-blob-store';

const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);

async function collect(keys: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const key of keys) all.push(key);
  return all.sort();
}

describe('S3BlobStore against a local S3-compatible server (s3rver)', () => {
  let directory: string;
  let server: S3rver;
  let options: S3BlobStoreOptions;
  let raw: S3BlobStore;
  let plain: S3Client;
  const jpeg = Buffer.concat([
    JPEG_SIGNATURE,
    Buffer.from([0xe0]),
    Buffer.from('JFIF a tabby cat asleep on a red sofa'),
  ]);

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 's3rver-'));
    server = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory,
      configureBuckets: [{ name: 'tagphoto' }],
    });
    const { port } = await server.run();
    const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    options = {
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      bucket: 'tagphoto',
      credentials,
      forcePathStyle: true,
    };
    plain = new S3Client({ endpoint: options.endpoint, region: options.region, credentials, forcePathStyle: true });
  });

  beforeEach(() => {
    raw = new S3BlobStore(options);
  });

  afterEach(async () => {
    await raw.deletePrefix('');
    raw.destroy();
  });

  afterAll(async () => {
    plain.destroy();
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('puts, gets and deletes bytes, and treats a missing key as absent', async () => {
    const bytes = randomBytes(5000);
    await raw.put('owner-a/image-1', bytes);
    expect(await raw.get('owner-a/image-1')).toEqual(bytes);
    await raw.delete('owner-a/image-1');
    await raw.delete('owner-a/image-1');
    expect(await raw.get('owner-a/image-1')).toBeUndefined();
    expect(await raw.get('owner-a/never-written')).toBeUndefined();
  });

  it('lists keys by prefix and deletes one account without touching another', async () => {
    for (const key of [
      'owner-a/image-1',
      'owner-a/image-2',
      'owner-a/thumbs/image-1',
      'owner-ab/image-1',
      'owner-b/image-1',
    ]) {
      await raw.put(key, Buffer.from(key));
    }
    expect(await collect(raw.keys('owner-a/'))).toEqual([
      'owner-a/image-1',
      'owner-a/image-2',
      'owner-a/thumbs/image-1',
    ]);
    expect(await collect(raw.keys('owner-a'))).toHaveLength(4);

    await raw.deletePrefix('owner-a/');
    expect(await collect(raw.keys('owner-a/'))).toEqual([]);
    expect(await collect(raw.keys(''))).toEqual(['owner-ab/image-1', 'owner-b/image-1']);
    expect(await raw.get('owner-b/image-1')).toEqual(Buffer.from('owner-b/image-1'));
  });

  it('pages through listings longer than one page, while deleting', async () => {
    const paged = new S3BlobStore({ ...options, pageSize: 3 });
    const keys = Array.from({ length: 11 }, (_, i) => `bulk/image-${String(i).padStart(2, '0')}`);
    await Promise.all(keys.map((key) => paged.put(key, Buffer.from(key))));
    await raw.put('other/image-1', Buffer.from('kept'));
    expect(await collect(paged.keys('bulk/'))).toEqual(keys);
    await paged.deletePrefix('bulk/');
    expect(await collect(raw.keys(''))).toEqual(['other/image-1']);
    paged.destroy();
  });

  it('keeps blobs inside its key prefix when sharing a bucket', async () => {
    const scoped = new S3BlobStore({ ...options, keyPrefix: 'tagphoto/' });
    await scoped.put('owner-a/image-1', Buffer.from('scoped'));
    await raw.put('owner-a/image-1', Buffer.from('unscoped'));
    expect(await collect(scoped.keys(''))).toEqual(['owner-a/image-1']);
    expect(await scoped.get('owner-a/image-1')).toEqual(Buffer.from('scoped'));
    expect(await collect(raw.keys(''))).toEqual(['owner-a/image-1', 'tagphoto/owner-a/image-1']);
    await scoped.deletePrefix('');
    expect(await collect(raw.keys(''))).toEqual(['owner-a/image-1']);
    scoped.destroy();
  });

  it('refuses keys that could escape the namespace', async () => {
    await expect(raw.put('../escape', jpeg)).rejects.toThrow('Invalid blob key');
    await expect(raw.get('/abs')).rejects.toThrow('Invalid blob key');
    await expect(raw.deletePrefix('../')).rejects.toThrow('Invalid blob key prefix');
  });

  describe('wrapped in EncryptedBlobStore', () => {
    let store: EncryptedBlobStore;

    beforeEach(() => {
      store = new EncryptedBlobStore(raw, masterKeyFrom(randomBytes(32)));
    });

    it('stores only ciphertext in the bucket and on the server disk, and returns the original bytes', async () => {
      await store.put('owner-a/image-1', jpeg);

      const object = await plain.send(new GetObjectCommand({ Bucket: 'tagphoto', Key: 'owner-a/image-1' }));
      const inBucket = Buffer.from(await object.Body!.transformToByteArray());
      const onDisk = await readFile(join(directory, 'tagphoto', 'owner-a', 'image-1._S3rver_object'));
      for (const stored of [inBucket, onDisk]) {
        expect(stored.subarray(0, 4).toString()).toBe('TPE1');
        // The signature with its JFIF marker: eight bytes, which ciphertext never holds by chance (three would).
        expect(stored.includes(jpeg.subarray(0, 8))).toBe(false);
        expect(stored.includes(Buffer.from('tabby cat'))).toBe(false);
      }
      expect(onDisk).toEqual(inBucket);
      expect(await store.get('owner-a/image-1')).toEqual(jpeg);
    });

    it('fails loudly when one stored byte is flipped', async () => {
      await store.put('owner-a/image-1', jpeg);
      const sealed = (await raw.get('owner-a/image-1'))!;
      sealed[sealed.length - 5] ^= 0x01;
      await raw.put('owner-a/image-1', sealed);
      await expect(store.get('owner-a/image-1')).rejects.toThrow(DecryptionError);
    });

    it('also fails loudly when the file on the server disk is altered behind its back', async () => {
      await store.put('owner-a/image-1', jpeg);
      const path = join(directory, 'tagphoto', 'owner-a', 'image-1._S3rver_object');
      const onDisk = await readFile(path);
      onDisk[40] ^= 0x80;
      await writeFile(path, onDisk);
      await expect(store.get('owner-a/image-1')).rejects.toThrow(DecryptionError);
    });

    it('returns undefined for a missing key and lists and deletes through the driver', async () => {
      expect(await store.get('owner-a/none')).toBeUndefined();
      await store.put('owner-a/image-1', jpeg);
      await store.put('owner-a/image-2', jpeg);
      expect(await collect(store.keys('owner-a/'))).toEqual(['owner-a/image-1', 'owner-a/image-2']);
      await store.deletePrefix('owner-a/');
      expect(await collect(store.keys('owner-a/'))).toEqual([]);
    });
  });
});
