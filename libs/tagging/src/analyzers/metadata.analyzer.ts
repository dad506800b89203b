import exifReader from 'exif-reader';
import type { DecodedPhoto } from '../decode/decode';
import type { MetadataSignal } from '../signals';

type Exif = ReturnType<typeof exifReader>;

function cleanText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.replace(/\0/g, '').trim();
  return text.length > 0 ? text : undefined;
}

/** EXIF dates carry no time zone: keep the wall-clock time the camera wrote, without inventing one. */
function wallClock(value: unknown): string | undefined {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) return undefined;
  return value.toISOString().slice(0, 19);
}

function parseExif(raw: Buffer | undefined): Exif | undefined {
  if (!raw) return undefined;
  try {
    return exifReader(raw);
  } catch {
    // A damaged EXIF block must not fail the image: the pixels are still good.
    return undefined;
  }
}

/**
 * Dimensions, format, orientation, camera and capture date. Only these fields are copied out of EXIF:
 * location (GPS), serial numbers and owner names never enter the result.
 */
export function readMetadata(image: DecodedPhoto): MetadataSignal {
  const signal: MetadataSignal = {
    width: image.width,
    height: image.height,
    format: image.format,
    orientation: image.orientation,
  };
  const exif = parseExif(image.exif);
  if (!exif) return signal;
  const make = cleanText(exif.Image?.Make);
  const model = cleanText(exif.Image?.Model);
  if (make || model) signal.camera = { ...(make && { make }), ...(model && { model }) };
  const takenAt = wallClock(exif.Photo?.DateTimeOriginal) ?? wallClock(exif.Image?.DateTime);
  if (takenAt) signal.takenAt = takenAt;
  return signal;
}
