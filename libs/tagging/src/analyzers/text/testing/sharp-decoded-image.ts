import sharp from 'sharp';
import type { DecodedImage, RawRgb } from '../../../decode/decoded-image';

async function raw(pipeline: sharp.Sharp): Promise<RawRgb> {
  const { data, info } = await pipeline
    .flatten({ background: '#ffffff' })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Test stand-in for decode/decode.ts: a DecodedImage over the given bytes, working copy bounded to 1024 px. */
export async function decodeForTest(bytes: Buffer): Promise<DecodedImage> {
  const full = await raw(sharp(bytes).rotate());
  const working = await raw(sharp(bytes).rotate().resize(1024, 1024, { fit: 'inside', withoutEnlargement: true }));
  return {
    width: full.width,
    height: full.height,
    format: (await sharp(bytes).metadata()).format ?? 'unknown',
    working,
    async resize(width, height, fit) {
      const source = sharp(working.data, { raw: { width: working.width, height: working.height, channels: 3 } });
      if (fit === 'fill') return { ...(await raw(source.resize(width, height, { fit: 'fill' }))), scale: width / full.width };
      if (fit === 'cover') {
        const cover = Math.max(width / working.width, height / working.height);
        return { ...(await raw(source.resize(width, height, { fit: 'cover' }))), scale: (cover * working.width) / full.width };
      }
      const factor = Math.min(width / working.width, height / working.height);
      const innerWidth = Math.max(1, Math.round(working.width * factor));
      const innerHeight = Math.max(1, Math.round(working.height * factor));
      const padded = source
        .resize(innerWidth, innerHeight, { fit: 'fill' })
        .extend({ right: width - innerWidth, bottom: height - innerHeight, background: '#000000' });
      return { ...(await raw(padded)), scale: innerWidth / full.width };
    },
    async highRes(maxSide) {
      return raw(sharp(bytes).rotate().resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true }));
    },
  };
}
