import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { Request } from 'express';
import { initialCapacity, UploadSpool } from './upload-spool';

const MAX_BYTES = 8 * 1024 * 1024;

/** The part of multer's file the spool reads: its stream. */
const partOf = (stream: PassThrough): Express.Multer.File => ({ stream }) as unknown as Express.Multer.File;

/** Runs one file part through the spool, `bytes` arriving in chunks of `chunkBytes`. */
function spool(
  bytes: Buffer,
  contentLength: string | undefined,
  chunkBytes = 64 * 1024,
): Promise<Partial<Express.Multer.File>> {
  const stream = new PassThrough();
  const request = { headers: contentLength === undefined ? {} : { 'content-length': contentLength } } as Request;
  const stored = new Promise<Partial<Express.Multer.File>>((resolve, reject) =>
    new UploadSpool(MAX_BYTES)._handleFile(request, partOf(stream), (error, info) =>
      error ? reject(error) : resolve(info!),
    ),
  );
  for (let offset = 0; offset < bytes.length; offset += chunkBytes)
    stream.write(bytes.subarray(offset, offset + chunkBytes));
  stream.end();
  return stored;
}

describe('the upload spool', () => {
  it('holds the file exactly as sent when the request declares its length', async () => {
    const image = randomBytes(3 * 1024 * 1024 + 17);
    const file = await spool(image, String(image.length + 300));
    expect(file.size).toBe(image.length);
    expect(file.buffer!.equals(image)).toBe(true);
  });

  it('grows as the file arrives when the length is not declared or is wrong', async () => {
    const image = randomBytes(5 * 1024 * 1024 + 3);
    for (const contentLength of [undefined, 'chunked', '-1', '1000']) {
      const file = await spool(image, contentLength, 100_000);
      expect(file.buffer!.equals(image)).toBe(true);
    }
  });

  it('reserves no more than the upload limit, whatever length the request claims', () => {
    expect(initialCapacity(String(10 * MAX_BYTES), MAX_BYTES)).toBe(MAX_BYTES);
    expect(initialCapacity('4096', MAX_BYTES)).toBe(4096);
    expect(initialCapacity(undefined, MAX_BYTES)).toBe(1024 * 1024);
    expect(initialCapacity('1e400', MAX_BYTES)).toBe(1024 * 1024);
  });

  it('passes a failing upload stream on as the error', async () => {
    const stream = new PassThrough();
    const failed = new Promise((resolve) =>
      new UploadSpool(MAX_BYTES)._handleFile({ headers: {} } as Request, partOf(stream), (error) => resolve(error)),
    );
    stream.destroy(new Error('connection reset'));
    expect(await failed).toEqual(new Error('connection reset'));
  });
});
