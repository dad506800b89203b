import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { CorruptImageError, ImageTooLargeError, UnsupportedImageError } from '../errors';
import { decodeImage, sniffFormat } from './decode';

const cat = readFileSync(join(__dirname, 'fixtures', 'chelsea.jpg'));

function meanOf(data: Buffer, channel: number): number {
  let sum = 0;
  for (let i = channel; i < data.length; i += 3) sum += data[i];
  return sum / (data.length / 3);
}

describe('decodeImage', () => {
  it('decodes a JPEG photo into an RGB working copy of the same size', async () => {
    const image = await decodeImage(cat);
    expect(image).toMatchObject({ width: 451, height: 300, format: 'jpeg', orientation: 1 });
    expect(image.working.width).toBe(451);
    expect(image.working.data.length).toBe(451 * 300 * 3);
  });

  it('decodes the same photo as PNG and WebP with matching colours', async () => {
    const jpeg = await decodeImage(cat);
    for (const [format, bytes] of [
      ['png', await sharp(cat).png().toBuffer()],
      ['webp', await sharp(cat).webp({ quality: 90 }).toBuffer()],
    ] as const) {
      const image = await decodeImage(bytes);
      expect(image.format).toBe(format);
      expect([image.width, image.height]).toEqual([451, 300]);
      expect(Math.abs(meanOf(image.working.data, 0) - meanOf(jpeg.working.data, 0))).toBeLessThan(3);
    }
  });

  it('decodes TIFF and AVIF', async () => {
    const tiff = await decodeImage(await sharp(cat).tiff().toBuffer());
    const avif = await decodeImage(await sharp(cat).avif({ quality: 50, effort: 0 }).toBuffer());
    expect([tiff.format, tiff.width, tiff.height]).toEqual(['tiff', 451, 300]);
    expect([avif.format, avif.width, avif.height]).toEqual(['avif', 451, 300]);
  });

  it('bounds the working copy to 512 px on the longest side, the largest model input', async () => {
    const big = await sharp(cat).resize(2400).jpeg().toBuffer();
    const image = await decodeImage(big);
    expect([image.width, image.height]).toEqual([2400, 1596]);
    expect(image.working.width).toBe(512);
    expect(image.working.height).toBe(340);
  });

  it('flattens transparency on white', async () => {
    const transparent = await sharp({
      create: { width: 20, height: 10, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const image = await decodeImage(transparent);
    expect([...image.working.data.subarray(0, 3)]).toEqual([255, 255, 255]);
  });

  it('keeps only the first frame of an animated GIF', async () => {
    const redThenBlue = await sharp({ create: { width: 16, height: 48, channels: 3, background: '#ff0000' } })
      .composite([
        { input: { create: { width: 16, height: 32, channels: 3, background: '#0000ff' } }, top: 16, left: 0 },
      ])
      .removeAlpha()
      .raw()
      .toBuffer();
    const animation = await sharp(redThenBlue, { raw: { width: 16, height: 48, channels: 3, pageHeight: 16 } })
      .gif()
      .toBuffer();
    expect((await sharp(animation).metadata()).pages).toBeGreaterThan(1);
    const image = await decodeImage(animation);
    expect([image.width, image.height]).toEqual([16, 16]);
    expect(meanOf(image.working.data, 0)).toBeGreaterThan(200);
    expect(meanOf(image.working.data, 2)).toBeLessThan(50);
  });

  it('applies EXIF orientation 6 by swapping width and height', async () => {
    const rotated = await sharp(cat).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const image = await decodeImage(rotated);
    expect(image.orientation).toBe(6);
    expect([image.width, image.height]).toEqual([300, 451]);
    expect([image.working.width, image.working.height]).toEqual([300, 451]);
  });

  it('resizes to an exact size, letterboxing with black at the right and bottom', async () => {
    const image = await decodeImage(cat);
    const filled = await image.resize(224, 224, 'fill');
    expect([filled.width, filled.height, filled.data.length]).toEqual([224, 224, 224 * 224 * 3]);
    const boxed = await image.resize(320, 320, 'contain');
    expect(boxed.scale).toBeCloseTo(320 / 451, 3);
    const lastRow = boxed.data.subarray(319 * 320 * 3);
    expect(Math.max(...lastRow)).toBe(0);
    expect(meanOf(boxed.data.subarray(0, 320 * 3 * 100), 0)).toBeGreaterThan(20);
  });

  it('crops the centre of a wide photo to a square for cover, as sharp crops the working copy', async () => {
    const image = await decodeImage(cat);
    const covered = await image.resize(224, 224, 'cover');
    const expected = await sharp(image.working.data, { raw: { width: 451, height: 300, channels: 3 } })
      .resize(224, 224, { fit: 'cover', position: 'centre', kernel: 'linear' })
      .raw()
      .toBuffer();
    expect([covered.width, covered.height]).toEqual([224, 224]);
    expect(covered.data.equals(expected)).toBe(true);
    expect(covered.scale).toBeCloseTo(224 / 300, 5);
  });

  it('answers concurrent resamples of one image in the order they were asked, each its own size', async () => {
    const image = await decodeImage(cat);
    const finished: number[] = [];
    const sizes = [512, 256, 224, 64];
    const outputs = await Promise.all(
      sizes.map(async (side) => {
        const out = await image.resize(side, side, 'fill');
        finished.push(side);
        return out.width;
      }),
    );
    expect(outputs).toEqual(sizes);
    expect(finished).toEqual(sizes);
  });

  it('decodes again from the original bytes for a larger copy, never enlarging', async () => {
    const big = await sharp(cat).resize(2400).jpeg().toBuffer();
    const image = await decodeImage(big);
    const high = await image.highRes(2000);
    expect([high.width, high.height]).toEqual([2000, 1330]);
    const small = await (await decodeImage(cat)).highRes(2000);
    expect([small.width, small.height]).toEqual([451, 300]);
  });
});

describe('decodeImage refuses', () => {
  it('a truncated JPEG as corrupt', async () => {
    const truncated = cat.subarray(0, Math.floor(cat.length / 2));
    await expect(decodeImage(truncated)).rejects.toBeInstanceOf(CorruptImageError);
  });

  it('text bytes as not an image', async () => {
    const error = await decodeImage(Buffer.from('hello, this is a plain text file\n')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedImageError);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_IMAGE' });
  });

  it('SVG before any parser sees it', async () => {
    const svg = Buffer.from(
      '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&x;</text></svg>',
    );
    expect(sniffFormat(svg)).toBeUndefined();
    await expect(decodeImage(svg)).rejects.toBeInstanceOf(UnsupportedImageError);
  });

  it('a 100-megapixel decompression bomb from its header alone', async () => {
    const bomb = await sharp({ create: { width: 10000, height: 10000, channels: 3, background: '#808080' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(1_000_000);
    const error = await decodeImage(bomb).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageTooLargeError);
    expect((error as Error).message).toContain('10000×10000');
  });

  it('more pixels than a configured lower limit', async () => {
    await expect(decodeImage(cat, { maxInputPixels: 100_000 })).rejects.toBeInstanceOf(ImageTooLargeError);
  });

  it('more bytes than the configured limit', async () => {
    const error = await decodeImage(cat, { maxInputBytes: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageTooLargeError);
    expect(error).toMatchObject({ code: 'IMAGE_TOO_LARGE' });
  });
});
