import { convertedModelSessions, photo } from '../../testing/converted-model-sessions';
import type { OnnxModelSessions } from '../models/onnx-sessions';
import { heatmapPeaks, ObjectsAnalyzer, type CenterNetHeads } from './objects.analyzer';

const labels = (objects: Array<{ label: string }>) => [...new Set(objects.map((o) => o.label))].sort();
const centre = (b: { x: number; y: number; width: number; height: number }) => ({
  x: b.x + b.width / 2,
  y: b.y + b.height / 2,
});

describe('ObjectsAnalyzer (CenterNet COCO-80)', () => {
  let sessions: OnnxModelSessions;
  let dispose: () => Promise<void>;
  const analyzer = new ObjectsAnalyzer();

  beforeAll(() => ({ sessions, dispose } = convertedModelSessions(['centernet-coco'])));
  afterAll(() => dispose());

  it('finds the player and the ball in a football photo', async () => {
    const { objects } = await analyzer.analyze(await photo('messi5.jpg'), sessions);
    expect(labels(objects)).toEqual(['person', 'sports ball']);
    expect(objects.every((o) => o.confidence >= (o.label === 'person' ? 0.35 : 0.4))).toBe(true);
  });

  it('reports boxes in pixels of the original image', async () => {
    const image = await photo('messi5.jpg');
    const { objects } = await analyzer.analyze(image, sessions);
    const ball = objects.find((o) => o.label === 'sports ball')!;
    // The ball sits at the player's feet, centred near (363, 312) in the 548×342 photo.
    expect(Math.abs(centre(ball.box).x - 363)).toBeLessThan(15);
    expect(Math.abs(centre(ball.box).y - 312)).toBeLessThan(15);
    const player = objects.find((o) => o.label === 'person')!;
    expect(player.box.width * player.box.height).toBeGreaterThan(0.4 * image.width * image.height);
    for (const { box } of objects) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(image.width);
      expect(box.y + box.height).toBeLessThanOrEqual(image.height);
    }
  });

  it('finds the person in the astronaut portrait', async () => {
    const { objects } = await analyzer.analyze(await photo('astronaut.jpg'), sessions);
    expect(labels(objects)).toEqual(['person']);
  });

  it('finds the cup on the coffee table photo', async () => {
    const { objects } = await analyzer.analyze(await photo('coffee.jpg'), sessions);
    expect(labels(objects)).toContain('cup');
  });

  it('sees one animal filling the cat photo (the model calls this cat a dog)', async () => {
    const image = await photo('chelsea.jpg');
    const { objects } = await analyzer.analyze(image, sessions);
    expect(objects).toHaveLength(1);
    expect(['cat', 'dog']).toContain(objects[0].label);
    expect(objects[0].box.width * objects[0].box.height).toBeGreaterThan(0.5 * image.width * image.height);
  });

  it('returns more, weaker detections when the score thresholds are lowered', async () => {
    const image = await photo('messi5.jpg');
    const strict = await analyzer.analyze(image, sessions);
    const loose = await new ObjectsAnalyzer({ minScore: 0.25, personMinScore: 0.25 }).analyze(image, sessions);
    expect(loose.objects.length).toBeGreaterThan(strict.objects.length);
    expect(Math.min(...loose.objects.map((o) => o.confidence))).toBeLessThan(0.35);
  });
});

describe('ObjectsAnalyzer.decode', () => {
  // A row of five cells of all 80 COCO classes, with peaks two cells apart: a person at 0.37, a dog at 0.37, a dog at 0.45.
  const CLASSES = 80;
  const heatmap = new Float32Array(5 * CLASSES);
  heatmap[0 * CLASSES + 0] = 0.37; // person
  heatmap[2 * CLASSES + 16] = 0.37; // dog
  heatmap[4 * CLASSES + 16] = 0.45; // dog
  const heads: CenterNetHeads = { heatmap, wh: new Float32Array(5 * 4).fill(1), height: 1, width: 5, classes: CLASSES };

  it('keeps people from the lower person floor and other classes only from the general one', () => {
    const objects = new ObjectsAnalyzer().decode(heads, 1, 1, 100, 100);
    expect(objects.map((o) => [o.label, o.confidence.toFixed(2)])).toEqual([
      ['dog', '0.45'],
      ['person', '0.37'],
    ]);
  });

  it('honours each floor as configured: the weaker person goes at 0.4, the weaker dog comes at 0.35', () => {
    const stricter = new ObjectsAnalyzer({ personMinScore: 0.4 }).decode(heads, 1, 1, 100, 100);
    expect(stricter.map((o) => o.label)).toEqual(['dog']);
    const looser = new ObjectsAnalyzer({ minScore: 0.35 }).decode(heads, 1, 1, 100, 100);
    expect(looser.map((o) => [o.label, o.confidence.toFixed(2)])).toEqual([
      ['dog', '0.45'],
      ['person', '0.37'],
      ['dog', '0.37'],
    ]);
  });
});

describe('heatmapPeaks', () => {
  const heads = (cells: number[][], classes = 1): CenterNetHeads => ({
    heatmap: Float32Array.from(cells.flat()),
    wh: new Float32Array(cells.length * cells[0].length * 4),
    height: cells.length,
    width: cells[0].length / classes,
    classes,
  });

  it('keeps only cells that are the maximum of their 3×3 neighbourhood', () => {
    const peaks = heatmapPeaks(
      heads([
        [0.5, 0.6, 0.1, 0.1],
        [0.4, 0.5, 0.1, 0.7],
        [0.1, 0.1, 0.1, 0.2],
      ]),
      0.4,
    );
    expect(peaks.map((p) => [p.row, p.col, p.score.toFixed(1)])).toEqual([
      [0, 1, '0.6'],
      [1, 3, '0.7'],
    ]);
  });

  it('compares a cell only with cells of its own class', () => {
    // One cell, two classes interleaved (NHWC): both are peaks of their own plane.
    const peaks = heatmapPeaks(heads([[0.9, 0.5]], 2), 0.4);
    expect(peaks.map((p) => p.classIndex)).toEqual([0, 1]);
  });
});
