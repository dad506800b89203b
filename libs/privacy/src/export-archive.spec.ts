import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import * as yauzl from 'yauzl';
import { safeFileName, writeExportArchive } from './export-archive';

const PHOTO = join(__dirname, '..', '..', 'tagging', 'fixtures', 'eval', 'orange.jpg');

/** Every entry of a zip file, name → bytes, read back with an independent implementation (yauzl). */
async function readZip(path: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(path);
  const entries = new Map<string, Buffer>();
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      entries.set(entry.fileName, Buffer.concat(chunks));
    }
  } finally {
    zip.close();
  }
  return entries;
}

async function* filesOf(list: { name: string; bytes: Buffer }[]) {
  for (const file of list) yield file;
}

describe('writeExportArchive', () => {
  let dir: string;
  let photo: Buffer;

  beforeAll(async () => {
    photo = await readFile(PHOTO);
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'export-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes the readme, one pretty-printed JSON file per document and every image', async () => {
    const path = join(dir, 'export.zip');
    const account = { email: 'ana@example.org', createdAt: '2026-01-02T03:04:05.000Z' };
    const images = [{ id: 'img_1', tags: ['orange', 'fruit'], altText: 'An orange on a table' }];
    await writeExportArchive(createWriteStream(path), {
      readme: 'Your TagPhoto export.\nimages/ holds the originals you asked us to keep.\n',
      json: { account, images },
      files: filesOf([
        { name: 'orange.jpg', bytes: photo },
        { name: 'notes.bin', bytes: Buffer.from([0, 1, 2, 3]) },
      ]),
    });

    const entries = await readZip(path);
    expect([...entries.keys()]).toEqual([
      'README.txt',
      'account.json',
      'images.json',
      'images/orange.jpg',
      'images/notes.bin',
    ]);
    expect(entries.get('README.txt')!.toString()).toBe(
      'Your TagPhoto export.\nimages/ holds the originals you asked us to keep.\n',
    );
    expect(entries.get('account.json')!.toString()).toBe(`${JSON.stringify(account, null, 2)}\n`);
    expect(JSON.parse(entries.get('images.json')!.toString())).toEqual(images);
    expect(entries.get('images/orange.jpg')).toEqual(photo);
    expect(entries.get('images/notes.bin')).toEqual(Buffer.from([0, 1, 2, 3]));
  });

  it('keeps every entry inside the archive and gives clashing names distinct ones', async () => {
    const path = join(dir, 'export.zip');
    await writeExportArchive(createWriteStream(path), {
      readme: 'x',
      json: { '../../etc/passwd': { a: 1 }, README: { b: 2 }, '..': { c: 3 } },
      files: filesOf([
        { name: '../../../home/ana/.bashrc', bytes: Buffer.from('1') },
        { name: 'C:\\Windows\\system32\\evil.dll', bytes: Buffer.from('2') },
        { name: 'cat.jpg', bytes: Buffer.from('3') },
        { name: 'CAT.jpg', bytes: Buffer.from('4') },
        { name: '', bytes: Buffer.from('5') },
        { name: 'what?<>|*.jpg', bytes: Buffer.from('6') },
      ]),
    });

    const entries = await readZip(path);
    expect([...entries.keys()]).toEqual([
      'README.txt',
      'passwd.json',
      'README.json',
      'data.json',
      'images/bashrc',
      'images/evil.dll',
      'images/cat.jpg',
      'images/CAT-2.jpg',
      'images/image',
      'images/what_.jpg',
    ]);
    expect([...entries.values()].slice(4).map(String)).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('pulls images one at a time as a slow reader takes them, instead of all at once', async () => {
    const imageBytes = 100_000;
    const outstandingAtPull: number[] = [];
    let pulledBytes = 0;
    let bytesOut = 0;
    const slowReader = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, done) {
        bytesOut += chunk.length;
        setTimeout(done, 1);
      },
    });
    async function* files() {
      for (let i = 0; i < 8; i++) {
        outstandingAtPull.push(pulledBytes - bytesOut);
        pulledBytes += imageBytes;
        yield { name: `image-${i}.jpg`, bytes: Buffer.alloc(imageBytes, i) };
      }
    }
    await writeExportArchive(slowReader, { readme: 'r', json: {}, files: files() });
    expect(outstandingAtPull).toHaveLength(8);
    // Pulled eagerly, the eighth image would find 700 kB not yet written; paced, at most a few images are in flight.
    expect(Math.max(...outstandingAtPull)).toBeLessThan(3 * imageBytes);
    expect(bytesOut).toBeGreaterThan(8 * imageBytes);
  });

  it('rejects when the image source fails', async () => {
    async function* broken() {
      yield { name: 'a.jpg', bytes: photo };
      throw new Error('blob store unavailable');
    }
    await expect(
      writeExportArchive(createWriteStream(join(dir, 'broken.zip')), { readme: 'r', json: {}, files: broken() }),
    ).rejects.toThrow('blob store unavailable');
  });

  it('makes one safe path segment out of any name', () => {
    expect(safeFileName('../../x/y.jpg', 'f')).toBe('y.jpg');
    expect(safeFileName('...', 'f')).toBe('f');
    expect(safeFileName('photo été.jpg', 'f')).toBe('photo été.jpg');
    const long = safeFileName(`${'a'.repeat(300)}.jpeg`, 'f');
    expect(long).toHaveLength(120);
    expect(long.endsWith('.jpeg')).toBe(true);
  });
});
