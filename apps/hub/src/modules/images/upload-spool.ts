import type { Request } from 'express';
import type { StorageEngine } from 'multer';

/** Room reserved for a file part when the request does not say its length (chunked uploads); doubled as it fills. */
const UNDECLARED_START_BYTES = 1024 * 1024;

/**
 * Where multer puts an uploaded file while it arrives: one buffer, sized once from the request's Content-Length
 * (never beyond the upload limit), that each chunk is copied into as it comes. multer's memory storage kept every
 * chunk and joined them at the end, a copy of the whole image in one go that held the event loop for tens of
 * milliseconds per large upload and doubled the bytes held at that moment. Memory stays bounded as before: only the
 * uploads UploadAdmission lets in are read at all, each at most TAGPHOTO_MAX_UPLOAD_BYTES (busboy stops there).
 */
export class UploadSpool implements StorageEngine {
  constructor(private readonly maxBytes: number) {}

  _handleFile(
    request: Request,
    file: Express.Multer.File,
    callback: (error?: unknown, info?: Partial<Express.Multer.File>) => void,
  ): void {
    let spool: Buffer = Buffer.allocUnsafe(initialCapacity(request.headers['content-length'], this.maxBytes));
    let length = 0;
    file.stream.on('data', (chunk: Buffer) => {
      if (length + chunk.length > spool.length) spool = grown(spool, length, length + chunk.length, this.maxBytes);
      length += chunk.copy(spool, length);
    });
    file.stream.once('error', (error: Error) => callback(error));
    file.stream.once('end', () => callback(null, { buffer: spool.subarray(0, length), size: length }));
  }

  _removeFile(_request: Request, file: Express.Multer.File, callback: (error: Error | null) => void): void {
    // Nothing outside this request refers to the bytes: dropping them is enough.
    file.buffer = Buffer.alloc(0);
    callback(null);
  }
}

/** The whole request's declared length bounds the file part in it; undeclared or nonsense lengths start small. */
export function initialCapacity(contentLength: string | undefined, maxBytes: number): number {
  const declared = Number(contentLength);
  if (!Number.isSafeInteger(declared) || declared <= 0) return Math.min(UNDECLARED_START_BYTES, maxBytes);
  return Math.min(declared, maxBytes);
}

/** A larger spool holding the first `used` bytes: double, at least `needed`, capped at the limit unless more is needed. */
function grown(spool: Buffer, used: number, needed: number, maxBytes: number): Buffer {
  const larger = Buffer.allocUnsafe(Math.max(needed, Math.min(spool.length * 2, maxBytes)));
  spool.copy(larger, 0, 0, used);
  return larger;
}
