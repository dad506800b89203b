import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { pngBomb } from '../../support/bad-images';
import { PHOTOS } from '../../support/hub';

export interface HostileFile {
  name: string;
  /** What a safe hub does with it: refuse it with one of these statuses, or tag it (200). */
  expect: number[];
  why: string;
}

/** Replaces the width and height in a JPEG's first SOF marker: a header that promises a huge image. */
function jpegClaiming(jpeg: Buffer, width: number, height: number): Buffer {
  const bytes = Buffer.from(jpeg);
  for (let offset = 2; offset < bytes.length - 9;) {
    if (bytes[offset] !== 0xff) break;
    const marker = bytes[offset + 1];
    const length = bytes.readUInt16BE(offset + 2);
    if (marker >= 0xc0 && marker <= 0xc3) {
      bytes.writeUInt16BE(height, offset + 5);
      bytes.writeUInt16BE(width, offset + 7);
      return bytes;
    }
    offset += 2 + length;
  }
  throw new Error('no SOF marker');
}

/** Writes the hostile corpus into `dir` and lists each file with the answers a safe hub may give. */
export async function writeHostileCorpus(dir: string): Promise<HostileFile[]> {
  const photo = await readFile(join(PHOTOS, 'chelsea.jpg'));
  const small = sharp(photo).resize(200);
  const png = await small.clone().png().toBuffer();
  const webp = await small.clone().webp().toBuffer();
  const avif = await small.clone().avif().toBuffer();
  const files: Array<[string, Buffer, number[], string]> = [
    ['truncated.jpg', photo.subarray(0, Math.floor(photo.length / 3)), [422], 'JPEG cut off mid-scan'],
    ['truncated.png', png.subarray(0, Math.floor(png.length / 2)), [422], 'PNG cut off mid-IDAT'],
    ['truncated.webp', webp.subarray(0, Math.floor(webp.length / 2)), [422], 'WebP cut off'],
    ['truncated.heic', avif.subarray(0, Math.floor(avif.length / 2)), [415, 422], 'HEIF/AVIF container cut off'],
    ['empty.jpg', Buffer.alloc(0), [400], 'zero bytes'],
    [
      'one-pixel.png',
      await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } })
        .png()
        .toBuffer(),
      [200],
      '1×1 image',
    ],
    ['bomb-60000.png', pngBomb(60_000, 60_000), [413], '60,000×60,000 PNG header over a few bytes'],
    ['bomb-60000.jpg', jpegClaiming(photo, 60_000, 60_000), [413], '60,000×60,000 JPEG header'],
    ['frames-10000.gif', await tenThousandFrameGif(), [200, 413], 'animated GIF with 10,000 frames'],
    [
      'entities.svg',
      Buffer.from(
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><text>&xxe;</text></svg>',
      ),
      [415],
      'SVG with an external entity and a script',
    ],
    [
      'polyglot-jpeg-zip.jpg',
      Buffer.concat([photo, Buffer.from('PK\u0003\u0004 zip payload appended after the image')]),
      [200],
      'JPEG with a ZIP appended',
    ],
    [
      'polyglot-gif-js.gif',
      Buffer.from('GIF89a=1;alert(document.cookie)//'),
      [422],
      'GIF header that is really JavaScript',
    ],
    ['html-as.png', Buffer.from('<html><body><script>alert(1)</script></body></html>'), [415], 'HTML named .png'],
    ['pdf-as.jpg', Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF'), [415], 'PDF named .jpg'],
    ['png-named.jpg', png, [200], 'a PNG with a .jpg name'],
    ['photo.exe', photo, [200], 'a JPEG with an .exe name'],
    [
      'huge-exif.jpg',
      await sharp(photo)
        .withExif({ IFD0: { ImageDescription: 'A'.repeat(60_000), Copyright: 'B'.repeat(4000) } })
        .jpeg()
        .toBuffer(),
      [200],
      'EXIF with 60 KB fields',
    ],
  ];
  for (const [name, bytes] of files) await writeFile(join(dir, name), bytes);
  return files.map(([name, , expect, why]) => ({ name, expect, why }));
}

/** 10,000 frames of 4×4 pixels: a small file that would be 160,000 pixels if every frame were decoded. */
async function tenThousandFrameGif(): Promise<Buffer> {
  const frames = 10_000;
  const raw = Buffer.alloc(4 * 4 * frames * 3);
  for (let frame = 0; frame < frames; frame++) raw.fill(frame % 256, frame * 48, frame * 48 + 48);
  return sharp(raw, { raw: { width: 4, height: 4 * frames, channels: 3, pageHeight: 4 } })
    .gif({ effort: 1 })
    .toBuffer();
}
