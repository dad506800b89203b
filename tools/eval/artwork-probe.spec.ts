/** How tools/eval/artwork-probe.js reads GCompris' Qt resource files and puts a painting's jigsaw pieces together. */
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

const { readRcc, assemblePaintings } = require('./artwork-probe.js') as {
  readRcc(buffer: Buffer): Map<string, Buffer>;
  assemblePaintings(files: Map<string, Buffer>): Promise<Map<string, Buffer>>;
};

/** A version 1 Qt resource file: the root holds one folder `dir` with a stored and a zlib-compressed file. */
function resourceFile(stored: string, compressed: string): Buffer {
  const names: Buffer[] = [];
  let namesLength = 0;
  const name = (text: string) => {
    const utf16 = Buffer.from(text, 'utf16le').swap16();
    const entry = Buffer.alloc(6);
    entry.writeUInt16BE(text.length, 0);
    names.push(entry, utf16);
    namesLength += entry.length + utf16.length;
    return namesLength - entry.length - utf16.length;
  };
  const blobs: Buffer[] = [];
  let dataLength = 0;
  const blob = (bytes: Buffer) => {
    const size = Buffer.alloc(4);
    size.writeUInt32BE(bytes.length, 0);
    blobs.push(size, bytes);
    dataLength += 4 + bytes.length;
    return dataLength - 4 - bytes.length;
  };
  const directory = (nameOffset: number, count: number, first: number) => {
    const entry = Buffer.alloc(14);
    entry.writeUInt32BE(nameOffset, 0);
    entry.writeUInt16BE(2, 4);
    entry.writeUInt32BE(count, 6);
    entry.writeUInt32BE(first, 10);
    return entry;
  };
  const file = (nameOffset: number, flags: number, dataOffset: number) => {
    const entry = Buffer.alloc(14);
    entry.writeUInt32BE(nameOffset, 0);
    entry.writeUInt16BE(flags, 4);
    entry.writeUInt32BE(dataOffset, 10);
    return entry;
  };
  const zipped = Buffer.concat([Buffer.alloc(4), deflateSync(Buffer.from(compressed))]);
  zipped.writeUInt32BE(compressed.length, 0);
  const tree = Buffer.concat([
    directory(0, 1, 1),
    directory(name('dir'), 2, 2),
    file(name('stored.txt'), 0, blob(Buffer.from(stored))),
    file(name('zipped.txt'), 1, blob(zipped)),
  ]);
  const header = Buffer.alloc(20);
  header.write('qres', 0, 'latin1');
  header.writeUInt32BE(1, 4);
  header.writeUInt32BE(20, 8);
  header.writeUInt32BE(20 + tree.length, 12);
  header.writeUInt32BE(20 + tree.length + dataLength, 16);
  return Buffer.concat([header, tree, ...blobs, ...names]);
}

describe('artwork probe', () => {
  it('reads the stored and the zlib-compressed files of a Qt resource file by their paths', () => {
    const files = readRcc(resourceFile('plain words', 'squeezed words'));
    expect([...files.keys()]).toEqual(['dir/stored.txt', 'dir/zipped.txt']);
    expect(files.get('dir/stored.txt')?.toString()).toBe('plain words');
    expect(files.get('dir/zipped.txt')?.toString()).toBe('squeezed words');
    expect(() => readRcc(Buffer.from('not a resource file'))).toThrow('not a Qt resource file');
  });

  it("puts a painting's pieces back at the centres its board gives them", async () => {
    const square = (background: string) =>
      sharp({ create: { width: 50, height: 50, channels: 3, background } })
        .png()
        .toBuffer();
    const board = `property var levels : [
      { "pixmapfile" : "image/bg.svg", "type" : "SHAPE_BACKGROUND_IMAGE", "width": 100, "height": 50 },
      { "pixmapfile" : "image/Flag_a2.webp", "x" : "0.75", "y" : "0.5" },
      { "pixmapfile" : "image/Flag_a1.webp", "x" : "0.25", "y" : "0.5" }
    ]`;
    const resource = 'gcompris/src/activities/paintings/resource';
    const paintings = await assemblePaintings(
      new Map([
        [`${resource}/board/board1_0.qml`, Buffer.from(board)],
        [`${resource}/image/Flag_a1.webp`, await square('#ff0000')],
        [`${resource}/image/Flag_a2.webp`, await square('#0000ff')],
      ]),
    );
    expect([...paintings.keys()]).toEqual(['Flag']);
    const { data, info } = await sharp(paintings.get('Flag')).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([100, 50]);
    const pixel = (x: number, y: number) => [...data.subarray((y * 100 + x) * 3, (y * 100 + x) * 3 + 3)];
    const [leftRed, , leftBlue] = pixel(20, 25);
    const [rightRed, , rightBlue] = pixel(80, 25);
    expect(leftRed).toBeGreaterThan(200);
    expect(leftBlue).toBeLessThan(50);
    expect(rightBlue).toBeGreaterThan(200);
    expect(rightRed).toBeLessThan(50);
  });
});
