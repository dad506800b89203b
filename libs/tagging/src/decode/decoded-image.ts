/**
 * An image decoded once, orientation applied, kept as an RGB working copy that analyzers resample from.
 * Implemented in decode/decode.ts.
 */
export interface RawRgb {
  data: Buffer;
  width: number;
  height: number;
}

export interface DecodedImage {
  /** Size of the original image after EXIF orientation. */
  width: number;
  height: number;
  format: string;
  /** RGB (3 channels, 8 bit) working copy, longest side bounded (see decode.ts). */
  working: RawRgb;
  /**
   * Resample the image to exactly width×height RGB. `fit: 'fill'` stretches, `'contain'` letterboxes
   * with black padding at the right/bottom, `'cover'` crops the centre; each reports the scale used.
   */
  resize(width: number, height: number, fit: 'fill' | 'contain' | 'cover'): Promise<RawRgb & { scale: number }>;
  /** Decode again from the original bytes at a larger bound (OCR wants more pixels than the working copy). */
  highRes(maxSide: number): Promise<RawRgb>;
}
