import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeImage } from '../decode/decode';
import { IMAGENET_LABELS } from '../labels/imagenet-labels';
import { IMAGENET_MOBILENETV2 } from '../models/imagenet-model';
import { ModelStore } from '../models/model-store';
import { OnnxModelSessions } from '../models/onnx-sessions';
import { LabelsAnalyzer, softmax, topK } from './labels.analyzer';

const sharedModels = process.env.TAGPHOTO_MODEL_DIR ?? resolve(__dirname, '../../../../../shared/models');
const photo = (name: string) => readFileSync(join(__dirname, 'labels.fixtures', name));

describe('ImageNet labels', () => {
  it('has 1000 class names, one per index, using the first synonym', () => {
    expect(IMAGENET_LABELS).toHaveLength(1000);
    expect(IMAGENET_LABELS[281]).toBe('tabby');
    expect(IMAGENET_LABELS[504]).toBe('coffee mug');
    expect(IMAGENET_LABELS.every((label) => label.length > 0 && !label.includes(','))).toBe(true);
  });

  it('turns logits into probabilities that sum to one, highest first', () => {
    const probabilities = softmax([1, 3, 2, 0]);
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(topK(probabilities, 2).map((p) => p.index)).toEqual([1, 2]);
  });
});

describe('LabelsAnalyzer', () => {
  const sessions = new OnnxModelSessions(new ModelStore([IMAGENET_MOBILENETV2], { modelDir: sharedModels }), {
    intraOpNumThreads: 1,
  });
  const analyzer = new LabelsAnalyzer();
  afterAll(() => sessions.close());

  it('needs only the optional ImageNet pack', () => {
    expect(analyzer.models).toEqual(['imagenet-mobilenetv2']);
    expect(IMAGENET_MOBILENETV2.optional).toBe(true);
  });

  it('puts a domestic cat class in the top five for a photo of a cat', async () => {
    const { labels } = await analyzer.analyze(await decodeImage(photo('chelsea.jpg')), sessions);
    expect(labels).toHaveLength(10);
    const catClasses = labels.filter((l) => l.index >= 281 && l.index <= 285);
    expect(catClasses.length).toBeGreaterThan(0);
    expect(labels[0].index).toBeGreaterThanOrEqual(281);
    expect(labels[0].index).toBeLessThanOrEqual(285);
    expect(labels.map((l) => l.label)).toContain(IMAGENET_LABELS[catClasses[0].index]);
  });

  it('recognises a cup of coffee', async () => {
    const { labels } = await analyzer.analyze(await decodeImage(photo('coffee.jpg')), sessions);
    expect(labels.map((l) => l.label)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(cup|coffee mug|espresso)$/)]),
    );
    const confidences = labels.map((l) => l.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
    expect(confidences[0]).toBeGreaterThan(0.2);
  });
});
