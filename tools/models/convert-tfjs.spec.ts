import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import sharp from 'sharp';
import { CONVERTED_MODELS } from '../../libs/tagging/src/models/converted-models';
import { convertAll, convertModel, TFJS_MODELS, type ConvertedModelIndex } from './convert-tfjs';
import { readArtifacts } from './tfjs-sources';

const PHOTO = join(__dirname, '../../libs/tagging/fixtures/photos/astronaut.jpg');

/** The photo resized to the model's input and normalised as its manifest entry says, NHWC and NCHW. */
async function inputsFor(modelId: string): Promise<{ nhwc: Float32Array; nchw: Float32Array; size: number }> {
  const entry = CONVERTED_MODELS.find((m) => m.id === modelId)!;
  const size = entry.input.shape[3];
  const { mean = [0, 0, 0], std = [1, 1, 1] } = entry.input;
  const rgb = await sharp(PHOTO).resize(size, size, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  const plane = size * size;
  const nhwc = new Float32Array(3 * plane);
  const nchw = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) {
      const v = (rgb[i * 3 + c] / 255 - mean[c]) / std[c];
      nhwc[i * 3 + c] = v;
      nchw[c * plane + i] = v;
    }
  }
  return { nhwc, nchw, size };
}

/** TF.js reference outputs (pure JS CPU backend), keyed by ONNX output name. */
async function tfjsOutputs(modelId: string, nhwc: Float32Array, size: number): Promise<Record<string, Float32Array>> {
  const source = TFJS_MODELS.find((m) => m.id === modelId)!;
  const { modelJson, weightData } = readArtifacts(source);
  const artifacts = {
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest.flatMap((g) => g.weights as tf.io.WeightsManifestEntry[]),
    weightData,
  };
  const input = tf.tensor4d(nhwc, [1, size, size, 3]);
  const names = Object.keys(source.outputs);
  let results: tf.Tensor[];
  if (source.kind === 'graph') {
    const model = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
    const out = model.execute(input, names);
    results = Array.isArray(out) ? out : [out];
  } else {
    const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    results = [model.predict(input) as tf.Tensor];
  }
  const byName = Object.fromEntries(names.map((n, i) => [source.outputs[n], results[i].dataSync() as Float32Array]));
  tf.dispose([input, ...results]);
  return byName;
}

function maxAbs(values: Float32Array): number {
  let m = 0;
  for (const v of values) m = Math.max(m, Math.abs(v));
  return m;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('convert-tfjs', () => {
  let cacheDir: string;
  let converted: Array<ConvertedModelIndex & { path: string; status: string }>;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    cacheDir = mkdtempSync(join(tmpdir(), 'tagphoto-convert-'));
    converted = convertAll({ cacheDir });
  });
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('writes each model as <id>-<source hash>.onnx with an index next to it', () => {
    expect(converted.map((c) => c.id)).toEqual(['centernet-coco', 'blazeface', 'nsfw-mobilenet-v2']);
    for (const c of converted) {
      expect(c.status).toBe('converted');
      expect(c.file).toBe(`${c.id}-${c.sourceSha256.slice(0, 12)}.onnx`);
      const index = JSON.parse(readFileSync(join(cacheDir, 'models', `${c.id}.json`), 'utf8'));
      expect(index).toMatchObject({ id: c.id, sha256: c.sha256, byteSize: c.byteSize, file: c.file });
    }
  });

  it('produces exactly the ONNX files the model manifest pins', () => {
    for (const c of converted) {
      const entry = CONVERTED_MODELS.find((m) => m.id === c.id)!;
      expect({ id: c.id, sha256: c.sha256, byteSize: c.byteSize, version: c.version }).toEqual({
        id: entry.id,
        sha256: entry.sha256,
        byteSize: entry.byteSize,
        version: entry.version,
      });
    }
  });

  it('converts deterministically', () => {
    const blazeface = TFJS_MODELS.find((m) => m.id === 'blazeface')!;
    expect(convertModel(blazeface).equals(readFileSync(converted[1].path))).toBe(true);
  });

  it('does nothing when the output for the current sources exists', () => {
    const again = convertAll({ cacheDir });
    expect(again.map((c) => c.status)).toEqual(['up to date', 'up to date', 'up to date']);
  });

  it('converts again when the cached file was damaged', () => {
    const path = converted[1].path;
    const original = readFileSync(path);
    writeFileSync(path, original.subarray(0, 1000));
    const [again] = convertAll({ cacheDir, ids: ['blazeface'] });
    expect(again.status).toBe('converted');
    expect(readFileSync(path).equals(original)).toBe(true);
  });

  it.each(['centernet-coco', 'blazeface', 'nsfw-mobilenet-v2'])(
    'matches TF.js on a real photo: %s',
    async (modelId) => {
      const { nhwc, nchw, size } = await inputsFor(modelId);
      const entry = CONVERTED_MODELS.find((m) => m.id === modelId)!;
      const session = await InferenceSession.create(converted.find((c) => c.id === modelId)!.path, {
        intraOpNumThreads: 2,
      });
      const onnx = await session.run({ [entry.input.name]: new Tensor('float32', nchw, [1, 3, size, size]) });
      await session.release();
      const reference = await tfjsOutputs(modelId, nhwc, size);
      for (const [name, expected] of Object.entries(reference)) {
        const actual = onnx[name].data as Float32Array;
        expect(actual.length).toBe(expected.length);
        // Absolute for probabilities and heatmaps, relative for pixel-valued box heads.
        expect(maxAbsDiff(actual, expected)).toBeLessThan(1e-3 * Math.max(1, maxAbs(expected)));
      }
    },
    120_000,
  );
});
