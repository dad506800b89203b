import { convertedModelSessions, photo } from '../../testing/converted-model-sessions';
import type { OnnxModelSessions } from '../models/onnx-sessions';
import { decodeAnchorGrid, FacesAnalyzer } from './faces.analyzer';

describe('FacesAnalyzer (BlazeFace)', () => {
  let sessions: OnnxModelSessions;
  let dispose: () => Promise<void>;
  const analyzer = new FacesAnalyzer();

  beforeAll(() => ({ sessions, dispose } = convertedModelSessions(['blazeface'])));
  afterAll(() => dispose());

  it('counts one face in a portrait', async () => {
    const faces = await analyzer.analyze(await photo('astronaut.jpg'), sessions);
    expect(faces.count).toBe(1);
    expect(faces.confidences).toHaveLength(1);
    expect(faces.confidences[0]).toBeGreaterThan(0.8);
  });

  it('counts five faces in a strip of five portraits', async () => {
    const faces = await analyzer.analyze(await photo('portraits.jpg'), sessions);
    expect(faces.count).toBe(5);
  });

  it('lists confidences highest first, all above the threshold', async () => {
    const { confidences } = await analyzer.analyze(await photo('portraits.jpg'), sessions);
    expect([...confidences].sort((a, b) => b - a)).toEqual(confidences);
    expect(confidences.every((c) => c >= 0.6 && c <= 1)).toBe(true);
  });

  it('finds no face in a photo of fruit', async () => {
    const faces = await analyzer.analyze(await photo('fruits.jpg'), sessions);
    expect(faces).toEqual({ count: 0, confidences: [] });
  });

  it("counts a cat's face too, so the engine must pair faces with a person", async () => {
    const faces = await analyzer.analyze(await photo('chelsea.jpg'), sessions);
    expect(faces.count).toBe(1);
  });

  it('returns only a count and confidences: no boxes or landmarks leave the analyzer', async () => {
    const faces = await analyzer.analyze(await photo('astronaut.jpg'), sessions);
    expect(Object.keys(faces).sort()).toEqual(['confidences', 'count']);
  });
});

describe('decodeAnchorGrid', () => {
  it('places a box at its anchor centre plus the predicted offset, with the predicted size', () => {
    // 32-px input, stride 16: 2×2 cells, one anchor each; only anchor 3 (cell row 1, col 1) scores.
    const scores = Float32Array.from([-9, -9, -9, 4]);
    const boxes = new Float32Array(4 * 16);
    boxes.set([2, -4, 10, 12], 3 * 16);
    const [face, ...rest] = decodeAnchorGrid(scores, boxes, 32, 16, 1, 0.5);
    expect(rest).toHaveLength(0);
    expect(face.confidence).toBeCloseTo(1 / (1 + Math.exp(-4)), 6);
    expect(face.box).toEqual({ x: 24 + 2 - 5, y: 24 - 4 - 6, width: 10, height: 12 });
  });
});
