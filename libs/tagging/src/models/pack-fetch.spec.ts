import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { IMAGENET_MOBILENETV2 } from './imagenet-model';
import { MODELS } from './manifest';
import { ModelStore } from './model-store';
import { installMissingPacks, MODEL_MIRROR_ENV, packUrl } from './pack-fetch';

/** The real pack, from the shared model folder beside the checkout (never committed to the repository). */
const SHARED_MODEL_DIR =
  process.env.TAGPHOTO_MODEL_DIR ?? resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'models');
const PACK_FILE = IMAGENET_MOBILENETV2.source.kind === 'pack' ? IMAGENET_MOBILENETV2.source.fileName : '';

describe('the ImageNet pack', () => {
  it('names its public source: the ONNX Model Zoo file, with the sha256 the zoo file has', () => {
    expect(IMAGENET_MOBILENETV2.source).toEqual({
      kind: 'pack',
      fileName: 'mobilenetv2-12-int8.onnx',
      url: expect.stringMatching(/^https:\/\/github\.com\/onnx\/models\/.+\/mobilenetv2-12-int8\.onnx$/),
    });
    expect(IMAGENET_MOBILENETV2.sha256).toBe('83530ad811bc31d2b60a5599a21265a5057608c9b044b4ee758cc22f2309f54f');
    expect(packUrl(IMAGENET_MOBILENETV2, {})).toBe(
      IMAGENET_MOBILENETV2.source.kind === 'pack' && IMAGENET_MOBILENETV2.source.url,
    );
  });
});

describe('installMissingPacks (npm run models:fetch, and npm run build when the network allows)', () => {
  const genuine = readFileSync(join(SHARED_MODEL_DIR, PACK_FILE));
  const corrupted = Buffer.from(genuine);
  corrupted[corrupted.length >> 1] ^= 0xff;
  let server: Server;
  let mirror: string;
  const requests: string[] = [];
  let cacheDir: string;

  beforeAll(async () => {
    // A mirror on 127.0.0.1: /genuine/ serves the real file, /corrupted/ the same bytes with one flipped.
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      const body =
        request.url === `/genuine/${PACK_FILE}`
          ? genuine
          : request.url === `/corrupted/${PACK_FILE}`
            ? corrupted
            : undefined;
      if (!body) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));
  beforeEach(() => {
    requests.length = 0;
    cacheDir = mkdtempSync(join(tmpdir(), 'pack-fetch-'));
  });
  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('downloads the pack into the model cache and verifies it, so the engine finds it', async () => {
    const env = { TAGPHOTO_CACHE_DIR: cacheDir, [MODEL_MIRROR_ENV]: `${mirror}/genuine` };
    const [outcome] = await installMissingPacks(MODELS, { env, timeoutMs: 10_000 });
    const installed = join(cacheDir, 'models', PACK_FILE);
    expect(outcome).toEqual({ id: 'imagenet-mobilenetv2', outcome: 'installed', path: installed });
    expect(requests).toEqual([`/genuine/${PACK_FILE}`]);
    expect(readFileSync(installed).equals(genuine)).toBe(true);
    await expect(new ModelStore(MODELS, { env }).resolve('imagenet-mobilenetv2')).resolves.toBe(installed);
  });

  it('refuses a corrupted copy: nothing is installed and the error names the checksum mismatch', async () => {
    const env = { TAGPHOTO_CACHE_DIR: cacheDir, [MODEL_MIRROR_ENV]: `${mirror}/corrupted` };
    const [outcome] = await installMissingPacks(MODELS, { env, timeoutMs: 10_000 });
    expect(outcome).toMatchObject({ id: 'imagenet-mobilenetv2', outcome: 'failed', refused: true });
    expect(outcome.outcome === 'failed' && outcome.reason).toMatch(
      new RegExp(
        `${mirror}/corrupted/${PACK_FILE} has sha256 [0-9a-f]{64}, not the published ${IMAGENET_MOBILENETV2.sha256}: refused`,
      ),
    );
    expect(readdirSync(join(cacheDir, 'models'))).toEqual([]);
    await expect(new ModelStore(MODELS, { env }).resolve('imagenet-mobilenetv2')).resolves.toBeUndefined();
  });

  it('gives up on an unreachable source without installing anything', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    const env = { TAGPHOTO_CACHE_DIR: cacheDir, [MODEL_MIRROR_ENV]: `http://127.0.0.1:${port}` };
    const [outcome] = await installMissingPacks(MODELS, { env, timeoutMs: 10_000 });
    expect(outcome).toMatchObject({
      outcome: 'failed',
      refused: false,
      reason: expect.stringContaining('ECONNREFUSED'),
    });
    expect(existsSync(join(cacheDir, 'models', PACK_FILE))).toBe(false);
  });

  it('uses the pack already in TAGPHOTO_MODEL_DIR and downloads nothing', async () => {
    const modelDir = join(cacheDir, 'operator-models');
    mkdirSync(modelDir);
    copyFileSync(join(SHARED_MODEL_DIR, PACK_FILE), join(modelDir, PACK_FILE));
    const env = { TAGPHOTO_CACHE_DIR: cacheDir, TAGPHOTO_MODEL_DIR: modelDir, [MODEL_MIRROR_ENV]: `${mirror}/genuine` };
    const [outcome] = await installMissingPacks(MODELS, { env, timeoutMs: 10_000 });
    expect(outcome).toEqual({ id: 'imagenet-mobilenetv2', outcome: 'present', path: join(modelDir, PACK_FILE) });
    expect(requests).toEqual([]);
  });
});
