import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import exifReader from 'exif-reader';
import sharp from 'sharp';
import { decodeImage } from '../decode/decode';
import { readMetadata } from './metadata.analyzer';

const cat = readFileSync(join(__dirname, '..', 'decode', 'fixtures', 'chelsea.jpg'));

async function photoWithExif(): Promise<Buffer> {
  return sharp(cat)
    .withExif({
      IFD0: { Make: 'Fujifilm', Model: 'X-T4', DateTime: '2024:06:01 10:00:00' },
      IFD2: { DateTimeOriginal: '2024:05:31 18:42:07' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '48/1 8/1 3000/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '11/1 34/1 1200/100',
      },
    })
    .jpeg()
    .toBuffer();
}

describe('readMetadata', () => {
  it('reports dimensions, format and orientation of a plain photo', async () => {
    expect(readMetadata(await decodeImage(cat))).toEqual({ width: 451, height: 300, format: 'jpeg', orientation: 1 });
  });

  it('reads camera make, model and capture time from EXIF', async () => {
    const metadata = readMetadata(await decodeImage(await photoWithExif()));
    expect(metadata.camera).toEqual({ make: 'Fujifilm', model: 'X-T4' });
    expect(metadata.takenAt).toBe('2024-05-31T18:42:07');
  });

  it('never copies GPS coordinates into the result', async () => {
    const bytes = await photoWithExif();
    const image = await decodeImage(bytes);
    expect(exifReader(image.exif as Buffer).GPSInfo?.GPSLatitude).toEqual([48, 8, 30]);
    const metadata = readMetadata(image);
    const serialised = JSON.stringify(metadata);
    expect(serialised).not.toMatch(/gps|latitude|longitude/i);
    expect(Object.keys(metadata).sort()).toEqual(['camera', 'format', 'height', 'orientation', 'takenAt', 'width']);
  });

  it('reports the orientation the file asked for', async () => {
    const rotated = await sharp(cat).withMetadata({ orientation: 8 }).jpeg().toBuffer();
    expect(readMetadata(await decodeImage(rotated))).toMatchObject({ width: 300, height: 451, orientation: 8 });
  });
});
