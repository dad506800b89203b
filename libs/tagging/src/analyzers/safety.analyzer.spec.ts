import { convertedModelSessions, photo } from '../../testing/converted-model-sessions';
import type { OnnxModelSessions } from '../models/onnx-sessions';
import { NSFW_CLASSES, rateSafety, SafetyAnalyzer } from './safety.analyzer';

const scores = (s: Partial<Record<(typeof NSFW_CLASSES)[number], number>>) => ({
  drawing: 0,
  hentai: 0,
  neutral: 0,
  porn: 0,
  sexy: 0,
  ...s,
});

describe('SafetyAnalyzer (nsfwjs MobileNetV2)', () => {
  let sessions: OnnxModelSessions;
  let dispose: () => Promise<void>;
  const analyzer = new SafetyAnalyzer();

  beforeAll(() => ({ sessions, dispose } = convertedModelSessions(['nsfw-mobilenet-v2'])));
  afterAll(() => dispose());

  it.each(['astronaut.jpg', 'chelsea.jpg', 'coffee.jpg', 'fruits.jpg', 'messi5.jpg'])('rates the ordinary photo %s safe', async (file) => {
    const safety = await analyzer.analyze(await photo(file), sessions);
    expect(safety.rating).toBe('safe');
  });

  it('reports a probability for each of the five classes, summing to one', async () => {
    const { scores: s } = await analyzer.analyze(await photo('coffee.jpg'), sessions);
    expect(Object.keys(s).sort()).toEqual([...NSFW_CLASSES].sort());
    expect(Object.values(s).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(s.neutral).toBeGreaterThan(0.9);
  });
});

describe('rateSafety', () => {
  it('rates explicit content (porn + hentai ≥ 0.6) unsafe', () => {
    expect(rateSafety(scores({ porn: 0.4, hentai: 0.25, neutral: 0.35 }))).toBe('unsafe');
  });

  it('rates a real chance of explicit content (≥ 0.3) questionable', () => {
    expect(rateSafety(scores({ porn: 0.3, neutral: 0.7 }))).toBe('questionable');
  });

  it('rates strongly suggestive content (sexy ≥ 0.8) questionable', () => {
    expect(rateSafety(scores({ sexy: 0.85, neutral: 0.15 }))).toBe('questionable');
  });

  it('keeps sportswear-level suggestive scores safe', () => {
    expect(rateSafety(scores({ sexy: 0.73, neutral: 0.27 }))).toBe('safe');
  });

  it('rates drawings and neutral photos safe', () => {
    expect(rateSafety(scores({ drawing: 0.9, neutral: 0.1 }))).toBe('safe');
  });
});
