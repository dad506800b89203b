import {
  IMAGE_CSV_COLUMNS,
  IMAGE_CSV_EDITABLE_COLUMNS,
  IMAGE_CSV_TAG_SEPARATOR,
  type ImageCsvColumn,
  type ImageEdit,
  type ReviewState,
  type TaggingResult,
} from '@tagphoto/contracts';
import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import { ValidationError } from '../../common/errors';

/**
 * A cell a spreadsheet would run as a formula (= + - @, or a leading tab or carriage return), also behind leading
 * quotes: those get one more quote on export, so that import, which takes one quote off, gives back the exact text.
 */
const FORMULA_LIKE = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

/** The text as a CSV cell no spreadsheet executes. */
export const guardCell = (text: string): string => (FORMULA_LIKE.test(text) ? `'${text}` : text);

/** The text a guarded cell stood for (the inverse of guardCell). */
export const unguardCell = (cell: string): string => (GUARDED.test(cell) ? cell.slice(1) : cell);

/** What one exported row is made of. */
export interface CsvImage {
  id: string;
  source: string;
  connector: string | null;
  externalId: string | null;
  fileName: string | null;
  language: string;
  result: TaggingResult | null;
}

/** One row of the export, every cell guarded. */
export function csvRowOf(image: CsvImage, reviewState: ReviewState): Record<ImageCsvColumn, string> {
  const row: Record<ImageCsvColumn, string> = {
    id: image.id,
    // The API's name for a connector's images is the connector's: shopify, google-drive, slack.
    source: image.source === 'connector' ? (image.connector ?? 'connector') : image.source,
    source_reference: image.externalId ?? '',
    file_name: image.fileName ?? '',
    title: image.result?.title ?? '',
    alt_text: image.result?.altText ?? '',
    tags: (image.result?.tags ?? []).map((tag) => tag.label).join(IMAGE_CSV_TAG_SEPARATOR),
    description: image.result?.description ?? '',
    language: image.result?.language ?? image.language,
    review_state: reviewState,
  };
  return Object.fromEntries(IMAGE_CSV_COLUMNS.map((column) => [column, guardCell(row[column])])) as Record<
    ImageCsvColumn,
    string
  >;
}

/** The editable text of one imported row; a column the file does not have is left out (not edited). */
export interface ImportedText {
  title?: string;
  altText?: string;
  tags?: string[];
}

export type ImportRow =
  | { line: number; id: string; text: ImportedText; refused?: undefined }
  | { line: number; id: string | null; refused: string };

const uuid = z.uuid();
const MAX_ALT_TEXT = 1000;
const MAX_TITLE = 300;
const MAX_TAGS = 100;
const MAX_TAG = 100;

/**
 * Reads an import file: a header naming `id` and at least one of title, alt_text, tags (other columns are ignored),
 * then one row per image, each checked on its own. Only a file that cannot be read as CSV at all (no header, an
 * unclosed quote) is refused as a whole.
 */
export function parseImportCsv(text: string): ImportRow[] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  // Spreadsheets in locales whose decimal mark is a comma save with semicolons.
  const delimiter = !firstLine.includes(',') && firstLine.includes(';') ? ';' : ',';
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, delimiter, info: true, relax_column_count: true }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    throw new ValidationError(
      `The file is not readable as CSV${line ? ` at line ${line}` : ''}: ${error.message}`,
      'invalid_csv',
    );
  }
  const [header, ...rows] = records;
  const columns = header?.record.map((name) => name.trim().toLowerCase()) ?? [];
  const idColumn = columns.indexOf('id');
  const editable = IMAGE_CSV_EDITABLE_COLUMNS.filter((column) => columns.includes(column));
  if (idColumn < 0 || editable.length === 0) {
    throw new ValidationError(
      `The first line must name the columns: "id" and at least one of ${IMAGE_CSV_EDITABLE_COLUMNS.join(', ')} (as GET /v1/images/export.csv writes them).`,
      'invalid_csv',
    );
  }
  const duplicate = columns.find((name, index) => name !== '' && columns.indexOf(name) !== index);
  if (duplicate)
    throw new ValidationError(`The column "${duplicate}" is named twice in the first line.`, 'invalid_csv');
  const seen = new Set<string>();
  let previousEnd = header.info.lines;
  const out: ImportRow[] = [];
  for (const { record, info } of rows) {
    const line = previousEnd + 1;
    previousEnd = info.lines;
    if (record.every((cell) => cell.trim() === '')) continue;
    const cell = (column: string) => unguardCell(record[columns.indexOf(column)] ?? '').trim();
    const id = (record[idColumn] ?? '').trim() || null;
    const refuse = (reason: string) => out.push({ line, id, refused: reason });
    if (record.length !== columns.length) {
      refuse(`has ${record.length} cells where the first line names ${columns.length} columns`);
      continue;
    }
    if (id === null || !uuid.safeParse(id).success) {
      refuse(id === null ? 'has no id' : 'its id is not an image id (a UUID as exported)');
      continue;
    }
    if (seen.has(id.toLowerCase())) {
      refuse('repeats an id of an earlier row; each image once');
      continue;
    }
    seen.add(id.toLowerCase());
    const text: ImportedText = {};
    const problems: string[] = [];
    if (editable.includes('alt_text')) {
      text.altText = cell('alt_text');
      if (text.altText === '') problems.push('the alt text is empty');
      else if (text.altText.length > MAX_ALT_TEXT)
        problems.push(`the alt text is ${text.altText.length} characters long (at most ${MAX_ALT_TEXT})`);
    }
    if (editable.includes('title')) {
      text.title = cell('title');
      if (text.title.length > MAX_TITLE)
        problems.push(`the title is ${text.title.length} characters long (at most ${MAX_TITLE})`);
    }
    if (editable.includes('tags')) {
      text.tags = cell('tags')
        .split(IMAGE_CSV_TAG_SEPARATOR.trim())
        .map((tag) => tag.trim())
        .filter((tag) => tag !== '');
      if (text.tags.length > MAX_TAGS) problems.push(`it has ${text.tags.length} tags (at most ${MAX_TAGS})`);
      const long = text.tags.find((tag) => tag.length > MAX_TAG);
      if (long) problems.push(`the tag "${long.slice(0, 20)}…" is longer than ${MAX_TAG} characters`);
    }
    if (problems.length > 0) refuse(problems.join('; '));
    else out.push({ line, id, text });
  }
  return out;
}

/** The edit that makes the stored result say what the row says: only the fields that differ; undefined if none. */
export function editOf(current: TaggingResult, text: ImportedText): ImageEdit | undefined {
  const edit: ImageEdit = {};
  if (text.altText !== undefined && text.altText !== current.altText.trim()) edit.altText = text.altText;
  if (text.title !== undefined && text.title !== current.title.trim()) edit.title = text.title;
  if (text.tags !== undefined) {
    const labels = current.tags.map((tag) => tag.label);
    if (text.tags.length !== labels.length || text.tags.some((tag, index) => tag !== labels[index]))
      edit.tags = text.tags;
  }
  return Object.keys(edit).length > 0 ? edit : undefined;
}
