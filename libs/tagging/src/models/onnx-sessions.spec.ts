import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { ModelMissingError } from '../errors';
import { IMAGENET_MOBILENETV2 } from './imagenet-model';
import { ModelStore } from './model-store';
import { OCR_DETECTION_INPUT, OCR_MODELS } from './ocr-models';
import { InferenceError, OnnxModelSessions, sessionOptions } from './onnx-sessions';

const sharedModels = process.env.TAGPHOTO_MODEL_DIR ?? resolve(__dirname, '../../../../../shared/models');
const id = IMAGENET_MOBILENETV2.id;
const imagenetSessions = (threads?: number) =>
  new OnnxModelSessions(new ModelStore([IMAGENET_MOBILENETV2], { modelDir: sharedModels }), {
    intraOpNumThreads: threads,
  });
const classifierInput = (fill = 0) => ({
  input: new Tensor('float32', new Float32Array(3 * 224 * 224).fill(fill), [1, 3, 224, 224]),
});

describe('OnnxModelSessions', () => {
  it('creates one session when many callers ask for a model at once', async () => {
    const sessions = imagenetSessions(1);
    const loads = [sessions.load(id), sessions.load(id), sessions.load(id)];
    expect(loads[1]).toBe(loads[0]);
    expect(loads[2]).toBe(loads[0]);
    await Promise.all(loads);
    expect(sessions.loaded()).toEqual([id]);
    await sessions.close();
    expect(sessions.loaded()).toEqual([]);
  });

  it('answers concurrent inferences on the shared session exactly as onnxruntime does on the caller thread', async () => {
    const sessions = imagenetSessions();
    const results = await Promise.all([sessions.run(id, classifierInput(0.5)), sessions.run(id, classifierInput(0.5))]);
    const direct = await InferenceSession.create(
      resolve(sharedModels, 'mobilenetv2-12-int8.onnx'),
      sessionOptions(availableParallelism()),
    );
    const expected = await direct.run(classifierInput(0.5));
    await direct.release();
    expect(results.map((r) => r.output.dims)).toEqual([
      [1, 1000],
      [1, 1000],
    ]);
    for (const result of results)
      expect(Array.from(result.output.data as Float32Array)).toEqual(Array.from(expected.output.data as Float32Array));
    expect(sessions.version(id)).toBe('mobilenetv2-12-int8');
    expect(sessions.inferenceTime()).toBeGreaterThan(0);
    await sessions.close();
  });

  it('keeps the event loop free while models run: inference happens on its own thread', async () => {
    const sessions = new OnnxModelSessions(new ModelStore(OCR_MODELS, { env: {} }), { intraOpNumThreads: 1 });
    const page = {
      [OCR_DETECTION_INPUT.name]: new Tensor('float32', new Float32Array(3 * 960 * 960).fill(0.5), [1, 3, 960, 960]),
    };
    await sessions.run('ppocr-det', page);
    const before = performance.eventLoopUtilization();
    for (let i = 0; i < 3; i++) await sessions.run('ppocr-det', page);
    const busy = performance.eventLoopUtilization(before);
    // On the caller's thread these runs would hold the loop busy (utilisation near 1) for their whole duration.
    expect(busy.utilization).toBeLessThan(0.5);
    await sessions.close();
  });

  it('fails the calls in flight when the inference thread dies, and starts a fresh one for the next call', async () => {
    const sessions = imagenetSessions(1);
    await sessions.load(id);
    const inFlight = sessions.run(id, classifierInput());
    await (sessions as unknown as { worker: Worker }).worker.terminate();
    await expect(inFlight).rejects.toBeInstanceOf(InferenceError);
    const again = await sessions.run(id, classifierInput());
    expect(again.output.dims).toEqual([1, 1000]);
    await sessions.close();
  });

  it("runs every model without onnxruntime's CPU arena, which would hold each model's peak for good", () => {
    expect(sessionOptions(1)).toMatchObject({ enableCpuMemArena: false, intraOpNumThreads: 1 });
    expect(sessionOptions(2)).toMatchObject({ enableCpuMemArena: false, intraOpNumThreads: 2 });
  });

  it("takes onnxruntime's exact int8 path, so that an AVX2 machine names things as a VNNI machine does", () => {
    // engine-quality.spec.ts failed on an AVX2-only machine without this (a cup of coffee became "A picture").
    expect(sessionOptions(1).extra).toMatchObject({ session: { x64quantprecision: '1' } });
  });

  it('says an absent optional pack is not available and refuses to load it', async () => {
    const sessions = new OnnxModelSessions(new ModelStore([IMAGENET_MOBILENETV2], { modelDir: __dirname }));
    await expect(sessions.has(id)).resolves.toBe(false);
    await expect(sessions.load(id)).rejects.toBeInstanceOf(ModelMissingError);
    expect(sessions.loaded()).toEqual([]);
  });
});
