import sharp from 'sharp';
import { CorruptImageError, ImageTooLargeError, UnsupportedImageError } from '../errors';
import type { DecodedImage, RawRgb } from './decoded-image';

export interface DecodeLimits {
  /** Refuse images with more pixels than this (checked from the header, before decoding). */
  maxInputPixels: number;
  /** Refuse inputs larger than this many bytes. */
  maxInputBytes: number;
  /** Longest side of the RGB working copy analyzers resample from. */
  workingMaxSide: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = {
  maxInputPixels: 50_000_000,
  maxInputBytes: 50 * 1024 * 1024,
  workingMaxSide: 512,
};

/** A decoded image plus what the metadata analyzer needs from the file itself. */
export interface DecodedPhoto extends DecodedImage {
  /** EXIF orientation (1–8) of the file; already applied to width/height and all pixels. */
  readonly orientation: number;
  /** Raw EXIF block as stored in the file, if any. */
  readonly exif?: Buffer;
}

type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'avif' | 'heif';

/** Bilinear, as TensorFlow and the ONNX model zoo resize model inputs; cheaper than lanczos3 and no worse on the eval set. */
const MODEL_INPUT_KERNEL = 'linear';
const WHITE = { r: 255, g: 255, b: 255 };
const BLACK = { r: 0, g: 0, b: 0 };
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis']);

/**
 * Identify the container from magic bytes, before any decoder sees the data: anything not on this list
 * (SVG and other XML with its external entities, PDF, raw camera files) never reaches libvips.
 */
export function sniffFormat(bytes: Buffer): ImageFormat | undefined {
  const ascii = (start: number, end: number) => bytes.subarray(start, end).toString('latin1');
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (bytes.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'gif';
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (bytes.length >= 4 && (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*')) return 'tiff';
  if (bytes.length >= 12 && ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (brand === 'avif' || brand === 'avis') return 'avif';
    if (HEIF_BRANDS.has(brand)) return 'heif';
  }
  return undefined;
}

function isPixelLimitError(error: unknown): boolean {
  return error instanceof Error && /pixel limit/i.test(error.message);
}

function asDecodeError(error: unknown): Error {
  if (isPixelLimitError(error)) return new ImageTooLargeError('The image has more pixels than the engine accepts');
  return new CorruptImageError(error instanceof Error ? error.message : String(error));
}

function orientedSize(width: number, height: number, orientation: number): { width: number; height: number } {
  return orientation >= 5 && orientation <= 8 ? { width: height, height: width } : { width, height };
}

async function toRawRgb(pipeline: sharp.Sharp): Promise<RawRgb> {
  const { data, info } = await pipeline
    .flatten({ background: WHITE })
    .removeAlpha()
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Stretch raw RGB to exactly width×height with libvips (bilinear; filtered when shrinking). */
export function resampleRgb(image: RawRgb, width: number, height: number): Promise<RawRgb> {
  const source = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  return toRawRgb(source.resize(width, height, { fit: 'fill', kernel: MODEL_INPUT_KERNEL }));
}

class SharpDecodedImage implements DecodedPhoto {
  constructor(
    private readonly bytes: Buffer,
    private readonly sharpOptions: sharp.SharpOptions,
    readonly width: number,
    readonly height: number,
    readonly format: string,
    readonly orientation: number,
    readonly working: RawRgb,
    readonly exif: Buffer | undefined,
  ) {}

  /** Tail of this image's resample queue. */
  private resampled: Promise<unknown> = Promise.resolve();

  /**
   * `scale` is output pixels per pixel of the original (orientation-corrected) image, so a box found in
   * the output maps back with `x / scale`. For `fill` it is the horizontal scale.
   * Resamples run one at a time in request order: the first analyzer's model can start while the others
   * resample, instead of all of them waiting for every resample sharing the cores with onnxruntime.
   */
  resize(width: number, height: number, fit: 'fill' | 'contain' | 'cover'): Promise<RawRgb & { scale: number }> {
    const result = this.resampled.then(() => this.resample(width, height, fit));
    this.resampled = result.catch(() => undefined);
    return result;
  }

  private async resample(
    width: number,
    height: number,
    fit: 'fill' | 'contain' | 'cover',
  ): Promise<RawRgb & { scale: number }> {
    if (fit === 'fill') return { ...(await resampleRgb(this.working, width, height)), scale: width / this.width };
    const source = sharp(this.working.data, {
      raw: { width: this.working.width, height: this.working.height, channels: 3 },
    });
    if (fit === 'cover') {
      const out = await toRawRgb(
        source.resize(width, height, { fit: 'cover', position: 'centre', kernel: MODEL_INPUT_KERNEL }),
      );
      return {
        ...out,
        scale: (Math.max(width / this.working.width, height / this.working.height) * this.working.width) / this.width,
      };
    }
    const factor = Math.min(width / this.working.width, height / this.working.height);
    const innerWidth = Math.max(1, Math.min(width, Math.round(this.working.width * factor)));
    const innerHeight = Math.max(1, Math.min(height, Math.round(this.working.height * factor)));
    const padded = source
      .resize(innerWidth, innerHeight, { fit: 'fill', kernel: MODEL_INPUT_KERNEL })
      .extend({ right: width - innerWidth, bottom: height - innerHeight, background: BLACK });
    const out = await toRawRgb(padded);
    return { ...out, scale: innerWidth / this.width };
  }

  /** Never enlarges: an image smaller than `maxSide` comes back at its own size. */
  async highRes(maxSide: number): Promise<RawRgb> {
    try {
      return await toRawRgb(
        sharp(this.bytes, this.sharpOptions)
          .rotate()
          .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true }),
      );
    } catch (error) {
      throw asDecodeError(error);
    }
  }
}

/**
 * Decode an uploaded image once: check size limits from the header, apply EXIF orientation, keep the
 * first frame of animations, and produce a bounded RGB working copy (alpha flattened on white).
 */
export async function decodeImage(bytes: Buffer, limits: Partial<DecodeLimits> = {}): Promise<DecodedPhoto> {
  const { maxInputPixels, maxInputBytes, workingMaxSide } = { ...DEFAULT_DECODE_LIMITS, ...limits };
  if (bytes.length > maxInputBytes) {
    throw new ImageTooLargeError(`The file has ${bytes.length} bytes, more than the limit of ${maxInputBytes}`);
  }
  const sniffed = sniffFormat(bytes);
  if (!sniffed) throw new UnsupportedImageError('The data is not an image in a supported format');

  // failOn 'error' (not the default 'warning') so slightly non-conforming files from cameras still decode.
  const sharpOptions: sharp.SharpOptions = { limitInputPixels: maxInputPixels, failOn: 'error', pages: 1, page: 0 };
  let metadata: sharp.Metadata;
  try {
    // Reading the header decodes no pixels; the limit is checked below so the message can name the size.
    metadata = await sharp(bytes, { ...sharpOptions, limitInputPixels: false }).metadata();
  } catch (error) {
    if (/unsupported image format/i.test(String(error))) {
      throw new UnsupportedImageError(`This ${sniffed.toUpperCase()} variant cannot be decoded here`);
    }
    throw asDecodeError(error);
  }
  const frameWidth = metadata.width ?? 0;
  const frameHeight = metadata.pageHeight ?? metadata.height ?? 0;
  if (frameWidth <= 0 || frameHeight <= 0) throw new CorruptImageError('the header has no dimensions');
  if (frameWidth * frameHeight > maxInputPixels) {
    throw new ImageTooLargeError(
      `The image is ${frameWidth}×${frameHeight} (${((frameWidth * frameHeight) / 1e6).toFixed(1)} megapixels), ` +
        `more than the limit of ${(maxInputPixels / 1e6).toFixed(1)} megapixels`,
    );
  }
  const orientation = metadata.orientation ?? 1;
  const format = metadata.format === 'heif' && metadata.compression === 'av1' ? 'avif' : (metadata.format ?? sniffed);

  let working: RawRgb;
  try {
    working = await toRawRgb(
      sharp(bytes, sharpOptions)
        .rotate()
        .resize(workingMaxSide, workingMaxSide, { fit: 'inside', withoutEnlargement: true }),
    );
  } catch (error) {
    throw asDecodeError(error);
  }
  const size = orientedSize(frameWidth, frameHeight, orientation);
  return new SharpDecodedImage(
    bytes,
    sharpOptions,
    size.width,
    size.height,
    format,
    orientation,
    working,
    metadata.exif,
  );
}
