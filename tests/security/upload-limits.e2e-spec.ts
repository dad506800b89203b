import http from 'node:http';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { PHOTOS } from '../support/hub';
import { Account, call, SecurityHub, startSecurityHub } from './support/security-hub';

/**
 * Finding 3 of issue 15: uploads were read into memory with no cap on how many were in flight (80 parallel
 * 24 MB uploads took a hub to 4.1 GB) and session uploads had no rate limit. tools/bench/upload-burst.js
 * measures the burst itself; this suite pins the rules with a small cap.
 */

interface HeldUpload {
  /** Sends the rest of the body and resolves to the hub's answer. */
  finish(): Promise<{ status: number; body: Record<string, unknown> }>;
}

/** The hub logs each upload it admits (at debug). */
const admitted = (hub: SecurityHub): number => hub.process.output().split('upload admitted').length - 1;

/**
 * Starts a multipart upload and sends all of it but its last bytes, waiting until the hub says it admitted it
 * (the socket draining alone proves nothing: loopback's kernel buffers can swallow tens of megabytes unread).
 * The upload then stays in flight until `finish`.
 */
async function holdUpload(hub: SecurityHub, account: Account, image: Buffer): Promise<HeldUpload> {
  const boundary = `held-${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="held.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    image,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const request = http.request(`${hub.url}/v1/images`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${account.apiKey}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': body.length,
    },
  });
  const admittedBefore = admitted(hub);
  let early: number | undefined;
  const answer = new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (response) => {
      early = response.statusCode;
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () =>
        resolve({ status: response.statusCode!, body: JSON.parse(text) as Record<string, unknown> }),
      );
    });
  });
  const held = body.length - 64 * 1024;
  for (let offset = 0; offset < held; offset += 256 * 1024) {
    if (!request.write(body.subarray(offset, Math.min(offset + 256 * 1024, held)))) await once(request, 'drain');
  }
  for (const deadline = Date.now() + 30_000; admitted(hub) === admittedBefore && Date.now() < deadline;)
    await new Promise((resolve) => setTimeout(resolve, 50));
  expect(admitted(hub)).toBe(admittedBefore + 1);
  expect(early).toBeUndefined();
  return {
    finish: () => {
      request.end(body.subarray(held));
      return answer;
    },
  };
}

async function upload(hub: SecurityHub, auth: Record<string, string>, image: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([image], { type: 'image/jpeg' }), 'small.jpg');
  return call(`${hub.url}/v1/images`, { method: 'POST', headers: auth, body: form });
}

async function imageCount(hub: SecurityHub, account: Account): Promise<number> {
  const list = await call(`${hub.url}/v1/images?limit=100`, { headers: { cookie: account.cookie } });
  expect(list.status).toBe(200);
  return (list.body.items as unknown[]).length;
}

describe('uploads in flight and upload budgets', () => {
  let hub: SecurityHub;
  let large: Buffer;
  let small: Buffer;

  beforeAll(async () => {
    hub = await startSecurityHub({
      TAGPHOTO_UPLOADS_IN_FLIGHT: '2',
      TAGPHOTO_UPLOADS_IN_FLIGHT_PER_OWNER: '1',
      TAGPHOTO_RATE_LIMIT_API: '6',
      LOG_LEVEL: 'debug',
    });
    // Uncompressed noise: ~20 MB, more than loopback socket buffers can hide from the test.
    large = await sharp({
      create: {
        width: 2600,
        height: 2600,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 128, sigma: 50 },
      },
    })
      .png({ compressionLevel: 0 })
      .toBuffer();
    small = await readFile(join(PHOTOS, 'coffee.jpg'));
  });
  afterAll(() => hub.close());

  it("answers 429 past an owner's uploads in flight and 503 past the process's, with Retry-After, storing nothing for them", async () => {
    const [first, second, third] = [await hub.newAccount(), await hub.newAccount(), await hub.newAccount()];

    const firstHeld = await holdUpload(hub, first, large);
    const ownersExtra = await upload(hub, { authorization: `Bearer ${first.apiKey}` }, small);
    expect(ownersExtra.status).toBe(429);
    expect(ownersExtra.body.error?.code).toBe('too_many_uploads');
    expect(Number(ownersExtra.headers.get('retry-after'))).toBeGreaterThan(0);

    const secondHeld = await holdUpload(hub, second, large);
    const processExtra = await upload(hub, { authorization: `Bearer ${third.apiKey}` }, small);
    expect(processExtra.status).toBe(503);
    expect(processExtra.body.error?.code).toBe('uploads_busy');
    expect(Number(processExtra.headers.get('retry-after'))).toBeGreaterThan(0);

    expect((await firstHeld.finish()).status).toBe(202);
    expect((await secondHeld.finish()).status).toBe(202);
    expect([await imageCount(hub, first), await imageCount(hub, second), await imageCount(hub, third)]).toEqual([
      1, 1, 0,
    ]);

    // Answered uploads leave their slots: the refused owner gets through now.
    expect((await upload(hub, { authorization: `Bearer ${third.apiKey}` }, small)).status).toBe(202);
    expect(await imageCount(hub, third)).toBe(1);
  });

  it('gives dashboard-session uploads the per-minute budget of an API key', async () => {
    const account = await hub.newAccount();
    for (let i = 0; i < 6; i++) expect((await upload(hub, { cookie: account.cookie }, small)).status).toBe(202);
    const refused = await upload(hub, { cookie: account.cookie }, small);
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await imageCount(hub, account)).toBe(6);
  });
});
