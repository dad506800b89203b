import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ZipFile } from 'yazl';

export interface ExportArchiveParts {
  /** Each entry becomes `<key>.json` at the archive root, pretty-printed. */
  json: Record<string, unknown>;
  /** Each file becomes `images/<name>`; pulled one at a time, so only one image is in memory. */
  files: AsyncIterable<{ name: string; bytes: Buffer }>;
  readme: string;
}

const MAX_NAME_LENGTH = 120;

/**
 * Streams an owner's data export as a zip: README.txt, the JSON documents, then the images.
 * On failure the output is left unfinished and the caller discards it.
 */
export async function writeExportArchive(output: NodeJS.WritableStream, parts: ExportArchiveParts): Promise<void> {
  const zip = new ZipFile();
  const failure = new Promise<never>((_, reject) => {
    zip.on('error', reject);
    zip.outputStream.on('error', reject);
  });
  const written = finished(output);
  zip.outputStream.pipe(output);

  const fill = async () => {
    zip.addBuffer(Buffer.from(parts.readme, 'utf8'), 'README.txt');
    const rootNames = new Set(['readme.txt']);
    for (const [key, value] of Object.entries(parts.json)) {
      const name = uniqueName(`${safeFileName(key, 'data')}.json`, rootNames);
      zip.addBuffer(Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8'), name);
    }
    const imageNames = new Set<string>();
    for await (const file of parts.files) {
      const source = new PassThrough();
      // Images are already compressed: storing them saves CPU and loses nothing.
      zip.addReadStream(source, `images/${uniqueName(safeFileName(file.name, 'image'), imageNames)}`, {
        compress: false,
      });
      source.end(file.bytes);
      // Waiting for yazl to consume this image before pulling the next keeps memory flat and honours backpressure.
      await once(source, 'end');
    }
    zip.end();
    await written;
  };

  try {
    await Promise.race([fill(), failure, written]);
  } catch (error) {
    zip.outputStream.unpipe(output);
    throw error;
  }
}

/**
 * One safe path segment: the last segment of whatever was given, in a conservative character set,
 * never hidden, never empty, never longer than MAX_NAME_LENGTH (the extension is kept).
 */
export function safeFileName(name: string, fallback: string): string {
  const lastSegment = name.split(/[\\/]/).pop() ?? '';
  let safe = lastSegment
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}._ -]+/gu, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  if (!safe) safe = fallback;
  if (safe.length > MAX_NAME_LENGTH) {
    const dot = safe.lastIndexOf('.');
    const extension = dot > 0 && safe.length - dot <= 10 ? safe.slice(dot) : '';
    safe = safe.slice(0, MAX_NAME_LENGTH - extension.length) + extension;
  }
  return safe;
}

function uniqueName(name: string, taken: Set<string>): string {
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem}-${n}${extension}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}
