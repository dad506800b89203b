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

  it.each(['astronaut.jpg', 'chelsea.jpg', 'coffee.jpg', 'fruits.jpg', 'messi5.jpg'])(
    'rates the ordinary photo %s safe, even with a person in it',
    async (file) => {
      const { scores: s } = await analyzer.analyze(await photo(file), sessions);
      expect(rateSafety(s, { peopleOrDrawn: true })).toBe('safe');
    },
  );

  it('reports a probability for each of the five classes, summing to one', async () => {
    const { scores: s } = await analyzer.analyze(await photo('coffee.jpg'), sessions);
    expect(Object.keys(s).sort()).toEqual([...NSFW_CLASSES].sort());
    expect(Object.values(s).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(s.neutral).toBeGreaterThan(0.9);
  });
});

describe('rateSafety', () => {
  const person = { peopleOrDrawn: true };
  const nobody = { peopleOrDrawn: false };

  it('rates explicit content (porn + hentai ≥ 0.8) with a person in it unsafe', () => {
    expect(rateSafety(scores({ porn: 0.6, hentai: 0.25, neutral: 0.15 }), person)).toBe('unsafe');
  });

  it('rates a real chance of explicit content (≥ 0.6) with a person in it questionable', () => {
    expect(rateSafety(scores({ porn: 0.62, neutral: 0.38 }), person)).toBe('questionable');
  });

  it('rates strongly suggestive content (sexy ≥ 0.85) questionable', () => {
    expect(rateSafety(scores({ sexy: 0.9, neutral: 0.1 }), person)).toBe('questionable');
  });

  it('keeps sports photos safe: two basketball players scored porn 0.57', () => {
    expect(rateSafety(scores({ porn: 0.57, neutral: 0.39, sexy: 0.03, hentai: 0.01 }), person)).toBe('safe');
  });

  it('rates a yellow flower safe although the classifier said porn 0.86: no person, nothing explicit to show', () => {
    expect(rateSafety(scores({ porn: 0.86, hentai: 0.02, neutral: 0.07, sexy: 0.05 }), nobody)).toBe('safe');
  });

  it('still questions a near-certain explicit score where no body was detected', () => {
    expect(rateSafety(scores({ porn: 0.97, neutral: 0.03 }), nobody)).toBe('questionable');
  });

  it('rates drawings and neutral photos safe', () => {
    expect(rateSafety(scores({ drawing: 0.9, neutral: 0.1 }), person)).toBe('safe');
  });
});
