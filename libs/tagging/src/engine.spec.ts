import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { taggingResultSchema } from '@tagphoto/contracts';
import { ENGINE_VERSION, TaggingEngine } from './engine';
import { CorruptImageError, ModelMissingError, UnsupportedImageError } from './errors';

const sharedModels = process.env.TAGPHOTO_MODEL_DIR ?? resolve(__dirname, '../../../../shared/models');
const cat = readFileSync(join(__dirname, 'decode', 'fixtures', 'chelsea.jpg'));
const coffee = readFileSync(join(__dirname, 'analyzers', 'labels.fixtures', 'coffee.jpg'));
const sign = readFileSync(join(__dirname, '..', 'fixtures', 'text', 'sign.png'));

describe('TaggingEngine', () => {
  let engine: TaggingEngine;

  beforeAll(async () => {
    engine = await TaggingEngine.create({ modelDir: sharedModels, threads: 1 });
  });
  afterAll(() => engine.close());

  it('tags a photo of a cat with a result of the public shape', async () => {
    const result = await engine.analyze(cat);
    expect(taggingResultSchema.parse(result)).toEqual(result);
    expect([result.width, result.height]).toEqual([451, 300]);
    expect(result.models).toMatchObject({ engine: ENGINE_VERSION, 'imagenet-mobilenetv2': 'mobilenetv2-12-int8' });
    expect(result.tags.map((tag) => tag.label).join(' ')).toMatch(/cat|tabby/i);
  });

  it('runs only the analyzers asked for and reports only their models', async () => {
    const result = await engine.analyze(cat, { analyzers: ['labels', 'colors'] });
    expect(Object.keys(result.models).sort()).toEqual(['engine', 'imagenet-mobilenetv2']);
    expect(result.colors.length).toBeGreaterThan(0);
    expect(result.objects).toEqual([]);
    expect(result.text).toBe('');
  });

  it('serves concurrent calls with the same answers as one at a time', async () => {
    const photos = [cat, coffee, sign, cat];
    const options = { analyzers: ['objects' as const, 'labels' as const, 'safety' as const] };
    const alone = [];
    for (const photo of photos) alone.push(await engine.analyze(photo, options));
    const together = await Promise.all(photos.map((photo) => engine.analyze(photo, options)));
    expect(together).toEqual(alone);
  });

  it('refuses damaged and non-image uploads with typed errors', async () => {
    await expect(engine.analyze(cat.subarray(0, 5000))).rejects.toBeInstanceOf(CorruptImageError);
    await expect(engine.analyze(Buffer.from('{"not":"an image"}'))).rejects.toBeInstanceOf(UnsupportedImageError);
  });
});

describe('TaggingEngine without optional packs', () => {
  const emptyDir = mkdtempSync(join(tmpdir(), 'no-packs-'));
  afterAll(() => rmSync(emptyDir, { recursive: true, force: true }));

  it('skips the labels analyzer when the ImageNet pack is absent', async () => {
    const engine = await TaggingEngine.create({ modelDir: emptyDir, threads: 1 });
    try {
      expect(engine.availableAnalyzers()).not.toContain('labels');
      const result = await engine.analyze(cat, { analyzers: ['labels', 'colors'] });
      expect(result.models).toEqual({ engine: ENGINE_VERSION });
      expect(engine.loadedModels()).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  it('fails to start when a required model has not been installed', async () => {
    const error = await TaggingEngine.create({ cacheDir: emptyDir, modelDir: emptyDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelMissingError);
    expect((error as Error).message).toContain('npm run models');
  });
});
