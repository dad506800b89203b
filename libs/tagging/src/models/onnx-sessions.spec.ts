import { resolve } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { ModelMissingError } from '../errors';
import { BLAZEFACE, CENTERNET_COCO, NSFW_MOBILENET_V2 } from './converted-models';
import { IMAGENET_MOBILENETV2 } from './imagenet-model';
import { ModelStore } from './model-store';
import { OCR_MODELS } from './ocr-models';
import { hasVariableImageSize, OnnxModelSessions } from './onnx-sessions';

const sharedModels = process.env.TAGPHOTO_MODEL_DIR ?? resolve(__dirname, '../../../../../shared/models');
const id = IMAGENET_MOBILENETV2.id;

describe('OnnxModelSessions', () => {
  afterEach(() => jest.restoreAllMocks());

  it('creates one session when many callers ask for a model at once', async () => {
    const create = jest.spyOn(InferenceSession, 'create');
    const sessions = new OnnxModelSessions(new ModelStore([IMAGENET_MOBILENETV2], { modelDir: sharedModels }), { intraOpNumThreads: 1 });
    const all = await Promise.all([sessions.session(id), sessions.session(id), sessions.session(id)]);
    expect(create).toHaveBeenCalledTimes(1);
    expect(all[1]).toBe(all[0]);
    expect(all[2]).toBe(all[0]);
    expect(sessions.loaded()).toEqual([id]);
    await sessions.close();
    expect(sessions.loaded()).toEqual([]);
  });

  it('runs concurrent inferences on the shared session', async () => {
    const sessions = new OnnxModelSessions(new ModelStore([IMAGENET_MOBILENETV2], { modelDir: sharedModels }));
    const feeds = () => ({ input: new Tensor('float32', new Float32Array(3 * 224 * 224), [1, 3, 224, 224]) });
    const results = await Promise.all([sessions.run(id, feeds()), sessions.run(id, feeds())]);
    expect(results.map((r) => r.output.dims)).toEqual([
      [1, 1000],
      [1, 1000],
    ]);
    expect(Array.from(results[0].output.data as Float32Array)).toEqual(Array.from(results[1].output.data as Float32Array));
    expect(sessions.version(id)).toBe('mobilenetv2-12-int8');
    await sessions.close();
  });

  it('keeps the CPU arena for a fixed-size classifier, whose arena stops growing after one run', async () => {
    const create = jest.spyOn(InferenceSession, 'create');
    const sessions = new OnnxModelSessions(new ModelStore([IMAGENET_MOBILENETV2], { modelDir: sharedModels }), { intraOpNumThreads: 1 });
    await sessions.session(id);
    expect(create.mock.calls[0][1]).toMatchObject({ enableCpuMemArena: true, intraOpNumThreads: 1 });
    await sessions.close();
  });

  it('runs only the OCR models, fed images of any size, without the arena that would keep every size it saw', () => {
    const variable = [...OCR_MODELS, CENTERNET_COCO, BLAZEFACE, NSFW_MOBILENET_V2, IMAGENET_MOBILENETV2]
      .filter((entry) => hasVariableImageSize(entry.input.shape))
      .map((entry) => entry.id);
    expect(variable).toEqual(['ppocr-det', 'ppocr-rec']);
  });

  it('says an absent optional pack is not available and refuses to load it', async () => {
    const sessions = new OnnxModelSessions(new ModelStore([IMAGENET_MOBILENETV2], { modelDir: __dirname }));
    await expect(sessions.has(id)).resolves.toBe(false);
    await expect(sessions.session(id)).rejects.toBeInstanceOf(ModelMissingError);
    expect(sessions.loaded()).toEqual([]);
  });
});
