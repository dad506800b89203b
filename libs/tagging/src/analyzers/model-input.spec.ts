import type { RawRgb } from '../decode/decoded-image';
import type { ManifestEntry } from '../models/manifest-entry';
import { CENTERNET_COCO } from '../models/converted-models';
import { enlargedModelInput, modelInput } from './model-input';

/** CenterNet's entry with another input size; its normalisation is x (std 1/255, mean 0) unless replaced. */
const withInput = (height: number, width: number, input: Partial<ManifestEntry['input']> = {}): ManifestEntry => ({
  ...CENTERNET_COCO,
  input: { ...CENTERNET_COCO.input, shape: [1, 3, height, width], ...input },
});

const rgb = (width: number, height: number, pixels: number[][]): RawRgb => ({
  width,
  height,
  data: Buffer.from(pixels.flat()),
});

describe('model input tensors', () => {
  it('lays out interleaved RGB as normalised NCHW planes', () => {
    const entry = withInput(1, 2, { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
    const tensor = modelInput(
      rgb(2, 1, [
        [0, 255, 51],
        [255, 0, 102],
      ]),
      entry,
    );
    expect(tensor.dims).toEqual([1, 3, 1, 2]);
    expect([...(tensor.data as Float32Array)].map((v) => +v.toFixed(3))).toEqual([-1, 1, 1, -1, -0.6, -0.2]);
  });

  it('enlarges bilinearly with half-pixel centres, clamped at the edges', () => {
    const tensor = enlargedModelInput(
      rgb(2, 1, [
        [0, 10, 200],
        [100, 30, 0],
      ]),
      withInput(2, 4),
    );
    const [red, green, blue] = [0, 1, 2].map((c) => [...(tensor.data as Float32Array).subarray(c * 8, c * 8 + 8)]);
    expect(red).toEqual([0, 25, 75, 100, 0, 25, 75, 100]);
    expect(green).toEqual([10, 15, 25, 30, 10, 15, 25, 30]);
    expect(blue).toEqual([200, 150, 50, 0, 200, 150, 50, 0]);
  });

  it('equals modelInput when the image already has the input size', () => {
    const pixels = Array.from({ length: 12 }, (_, i) => [i * 20, 255 - i * 20, (i * 37) % 256]);
    const image = rgb(4, 3, pixels);
    const entry = withInput(3, 4);
    expect(enlargedModelInput(image, entry).data).toEqual(modelInput(image, entry).data);
  });

  it('refuses to shrink, which bilinear sampling without a filter would alias', () => {
    expect(() =>
      enlargedModelInput(
        rgb(4, 1, [
          [0, 0, 0],
          [0, 0, 0],
          [0, 0, 0],
          [0, 0, 0],
        ]),
        withInput(1, 2),
      ),
    ).toThrow(RangeError);
  });
});
