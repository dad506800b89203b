import { GetObjectCommand, ListObjectsCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import request from 'supertest';
import { newAccount, PHOTOS, startTestHub, TestHub, tagAndWait } from '../support/hub';

/** The hub with its blobs in an S3-compatible bucket: s3rver, a real S3 server run here on loopback. */
describe('image bytes in an S3-compatible bucket', () => {
  let s3: S3rver;
  let s3Dir: string;
  let endpoint: string;
  let hub: TestHub;
  let client: S3Client;

  beforeAll(async () => {
    s3Dir = await mkdtemp(join(tmpdir(), 'tagphoto-s3-'));
    s3 = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: s3Dir,
      configureBuckets: [{ name: 'tagphoto' }],
    });
    const { port } = (await s3.run()) as { port: number };
    endpoint = `http://127.0.0.1:${port}`;
    const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    hub = await startTestHub({
      mode: 'server',
      env: {
        TAGPHOTO_BLOB_STORE: 's3',
        TAGPHOTO_S3_ENDPOINT: endpoint,
        TAGPHOTO_S3_BUCKET: 'tagphoto',
        TAGPHOTO_S3_ACCESS_KEY_ID: credentials.accessKeyId,
        TAGPHOTO_S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        TAGPHOTO_S3_FORCE_PATH_STYLE: 'true',
      },
    });
  });
  afterAll(async () => {
    await hub.close();
    client.destroy();
    await s3.close();
    await rm(s3Dir, { recursive: true, force: true });
  });

  it('stores only ciphertext in the bucket, serves the image back, and deletes it with the account', async () => {
    const photo = await readFile(join(PHOTOS, 'coffee.jpg'));
    const account = await newAccount(hub);
    const done = await tagAndWait(hub, account.cookie, photo, 'coffee.jpg');

    const listed = await client.send(new ListObjectsCommand({ Bucket: 'tagphoto' }));
    const key = listed.Contents!.map((object) => object.Key!).find((name) => name.endsWith(done.body.id as string))!;
    const object = Buffer.from(
      await (await client.send(new GetObjectCommand({ Bucket: 'tagphoto', Key: key }))).Body!.transformToByteArray(),
    );
    // No run of the photo's own bytes: its header, nor a slice from its middle. (The bare 3-byte JPEG signature would
    // turn up in 47 KB of random ciphertext about once in 350 runs.)
    expect(object.includes(photo.subarray(0, 16))).toBe(false);
    expect(object.includes(photo.subarray(photo.length / 2, photo.length / 2 + 64))).toBe(false);
    expect(object.includes(Buffer.from(done.body.result.altText as string))).toBe(false);

    const file = await request(hub.http)
      .get(`/v1/images/${done.body.id}/file`)
      .set('Cookie', account.cookie)
      .expect(200);
    expect(Buffer.compare(file.body as Buffer, photo)).toBe(0);

    await request(hub.http)
      .delete('/v1/account')
      .set('Cookie', account.cookie)
      .send({ password: 'a long enough password' })
      .expect(204);
    const after = await client.send(new ListObjectsCommand({ Bucket: 'tagphoto' }));
    expect((after.Contents ?? []).map((object) => object.Key)).not.toContain(key);
  });
});
