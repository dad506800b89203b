import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TextSignal } from '../../signals';
import { characterErrorRate, normalizeWhitespace } from './cer';
import { TextAnalyzer } from './text.analyzer';
import { decodeImage } from '../../decode/decode';
import type { ModelSessions } from '../../models/model-sessions';
import { ModelStore } from '../../models/model-store';
import { OCR_MODELS } from '../../models/ocr-models';
import { OnnxModelSessions } from '../../models/onnx-sessions';

const FIXTURES = join(__dirname, '../../../fixtures/text');
const truth: Record<string, string> = JSON.parse(readFileSync(join(FIXTURES, 'ground-truth.json'), 'utf8'));

// The engine's own sessions over the OCR models, each file checked against its manifest sha256.
const sessions = new OnnxModelSessions(new ModelStore(OCR_MODELS, { env: {} }), { intraOpNumThreads: 2 });
const analyzer = new TextAnalyzer();

const readings = new Map<string, Promise<TextSignal>>();

async function readWith(reader: TextAnalyzer, file: string): Promise<TextSignal> {
  return reader.analyze(await decodeImage(readFileSync(join(FIXTURES, file))), sessions);
}

/** Each fixture is read once with the default analyzer and shared by the tests that look at it. */
function read(file: string): Promise<TextSignal> {
  if (!readings.has(file)) readings.set(file, readWith(analyzer, file));
  return readings.get(file) as Promise<TextSignal>;
}

function errorRate(signal: TextSignal, file: string): number {
  return characterErrorRate(normalizeWhitespace(signal.text), normalizeWhitespace(truth[file]));
}

afterAll(() => sessions.close());

describe('TextAnalyzer', () => {
  it('needs the PaddleOCR detector and recogniser', () => {
    expect(analyzer.name).toBe('text');
    expect(analyzer.models).toEqual(['ppocr-det', 'ppocr-rec']);
  });

  it('reads a photographed printed page with under 4% character errors', async () => {
    // Measured 2.7% (upscaled 2×); the page is bent, so its lines curve.
    const signal = await read('page.png');
    expect(errorRate(signal, 'page.png')).toBeLessThan(0.04);
    expect(signal.lines[0].text).toBe('Region-based segmentation');
  });

  it('reads a scanned book paragraph of thirteen lines in reading order', async () => {
    const signal = await read('book-paragraph.png');
    expect(errorRate(signal, 'book-paragraph.png')).toBeLessThan(0.01);
    expect(signal.lines).toHaveLength(13);
    expect(signal.lines[0].text).toBe('technical details are too complex to cover in the book itself.');
    expect(signal.lines[12].text).toBe('inspiration from three high-level approaches:');
  });

  it('reads rendered English sentences line by line, top to bottom', async () => {
    const signal = await read('sentences.png');
    expect(signal.lines.map((line) => line.text)).toEqual(truth['sentences.png'].split('\n'));
    expect(signal.text).toBe(truth['sentences.png']);
    const tops = signal.lines.map((line) => line.box.y);
    expect(tops).toEqual([...tops].sort((a, b) => a - b));
  });

  it('reads the price on a price tag', async () => {
    const signal = await read('price-tag.png');
    expect(signal.lines.map((line) => line.text)).toContain('$3.49/kg');
    expect(errorRate(signal, 'price-tag.png')).toBeLessThan(0.05);
  });

  it('reads light text on a coloured street sign, words of one row left to right', async () => {
    const signal = await read('sign.png');
    expect(normalizeWhitespace(signal.text)).toBe(normalizeWhitespace(truth['sign.png']));
  });

  it('gives each line a confidence and a box inside the original image', async () => {
    const signal = await read('price-tag.png');
    for (const line of signal.lines) {
      expect(line.confidence).toBeGreaterThanOrEqual(0.7);
      expect(line.confidence).toBeLessThanOrEqual(1);
      expect(line.box.x).toBeGreaterThanOrEqual(0);
      expect(line.box.y).toBeGreaterThanOrEqual(0);
      expect(line.box.x + line.box.width).toBeLessThanOrEqual(360);
      expect(line.box.y + line.box.height).toBeLessThanOrEqual(240);
    }
    // The price is drawn centred at y ≈ 170 in a 360×240 image, glyphs about 35 px tall.
    const price = signal.lines.find((line) => line.text === '$3.49/kg');
    expect(price?.box.y).toBeGreaterThan(130);
    expect(price?.box.y).toBeLessThan(160);
    expect(price?.box.height).toBeGreaterThan(30);
    expect(price?.box.height).toBeLessThan(70);
  });

  it('finds no text in a photo of a building against the sky', async () => {
    const signal = await read('building-no-text.jpg');
    expect(signal).toEqual({ text: '', lines: [] });
  });

  it('upscales a tiny image first, which reads a 98×28 px note that the native size cuts short', async () => {
    const upscaled = await read('tiny-note.png');
    const native = await readWith(new TextAnalyzer(undefined, { upscaleBelow: 0 }), 'tiny-note.png');
    expect(upscaled.text).toBe(truth['tiny-note.png']);
    expect(errorRate(native, 'tiny-note.png')).toBeGreaterThan(errorRate(upscaled, 'tiny-note.png'));
    for (const line of upscaled.lines) {
      expect(line.box.x + line.box.width).toBeLessThanOrEqual(98);
      expect(line.box.y + line.box.height).toBeLessThanOrEqual(28);
    }
    expect(upscaled.lines[1].box.y).toBeGreaterThan(upscaled.lines[0].box.y + 5);
  });

  it('drops what it reads with low confidence, such as a window taken for a character', async () => {
    // With the presence step off: it already keeps this photo away from recognition (next test).
    const everything = await readWith(
      new TextAnalyzer(undefined, { minLineConfidence: 0, presenceMaxSide: 0 }),
      'building-no-text.jpg',
    );
    expect(everything.lines.length).toBeGreaterThan(0);
    expect(Math.max(...everything.lines.map((line) => line.confidence))).toBeLessThan(0.7);
  });

  describe('text-presence step', () => {
    /** The engine's sessions, with every model call and every high-resolution decode counted. */
    async function countedRead(reader: TextAnalyzer, file: string) {
      const runs: string[] = [];
      const counting: ModelSessions = {
        has: (modelId) => sessions.has(modelId),
        load: (modelId) => sessions.load(modelId),
        version: (modelId) => sessions.version(modelId),
        run: (modelId, feeds) => (runs.push(modelId), sessions.run(modelId, feeds)),
      };
      const image = await decodeImage(readFileSync(join(FIXTURES, file)));
      let highResDecodes = 0;
      const highRes = image.highRes.bind(image);
      image.highRes = (maxSide) => (highResDecodes++, highRes(maxSide));
      return { signal: await reader.analyze(image, counting), runs, highResDecodes };
    }

    it('skips recognition and the high-resolution decode on a photo without text', async () => {
      const { signal, runs, highResDecodes } = await countedRead(analyzer, 'building-no-text.jpg');
      expect(signal).toEqual({ text: '', lines: [] });
      expect(runs).toEqual(['ppocr-det']);
      expect(highResDecodes).toBe(0);
    });

    it('reads a picture with text exactly as OCR without the step does', async () => {
      for (const file of ['tiny-note.png', 'page.png']) {
        const gated = await countedRead(analyzer, file);
        const ungated = await readWith(new TextAnalyzer(undefined, { presenceMaxSide: 0 }), file);
        expect(gated.runs.slice(0, 2)).toEqual(['ppocr-det', 'ppocr-det']);
        expect(gated.runs).toContain('ppocr-rec');
        expect(gated.signal).toEqual(ungated);
      }
    });
  });
});
