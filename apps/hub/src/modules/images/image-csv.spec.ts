import type { TaggingResult } from '@tagphoto/contracts';
import { taggingResult } from '../../../../../libs/contracts/testing/tagging-result';
import { HubError } from '../../common/errors';
import { csvRowOf, editOf, guardCell, parseImportCsv, unguardCell } from './image-csv';

const ID_A = '0b0c7a52-8f4e-4a53-9a0e-0f3c1b2a1a01';
const ID_B = '0b0c7a52-8f4e-4a53-9a0e-0f3c1b2a1a02';
const ID_C = '0b0c7a52-8f4e-4a53-9a0e-0f3c1b2a1a03';

const result = (fields: Partial<TaggingResult> = {}): TaggingResult =>
  taggingResult({
    tags: [
      { label: 'dog', confidence: 0.9, source: 'labels' },
      { label: 'beach', confidence: 0.8, source: 'labels' },
    ],
    title: 'Dog on a beach',
    description: 'A dog runs on a beach.',
    altText: 'A brown dog running on sand',
    ...fields,
  });

describe('image CSV', () => {
  it.each(['=SUM(A1:A9)', '+1', '-1', '@cmd', '\tx', '\rx', "'=x", "''+x"])(
    'prefixes the formula-like cell %j on export and gives the exact text back on import',
    (text) => {
      expect(guardCell(text)).toBe(`'${text}`);
      expect(unguardCell(guardCell(text))).toBe(text);
    },
  );

  it.each(['A dog', "'Twas a night", '', 'a=b', '3 - 1'])('leaves the harmless cell %j as it is', (text) => {
    expect(guardCell(text)).toBe(text);
    expect(unguardCell(text)).toBe(text);
  });

  it('writes a connector image with its item reference, its tags joined, its review state', () => {
    const row = csvRowOf(
      {
        id: ID_A,
        source: 'connector',
        connector: 'shopify',
        externalId: 'gid://shopify/MediaImage/42',
        fileName: 'dog.jpg',
        language: 'en',
        result: result({ altText: '=HYPERLINK("x")' }),
      },
      'approved',
    );
    expect(row).toEqual({
      id: ID_A,
      source: 'shopify',
      source_reference: 'gid://shopify/MediaImage/42',
      file_name: 'dog.jpg',
      title: 'Dog on a beach',
      alt_text: `'=HYPERLINK("x")`,
      tags: 'dog; beach',
      description: 'A dog runs on a beach.',
      language: 'en',
      review_state: 'approved',
    });
  });

  it('reads rows with their line numbers, refusing bad ones with a reason and keeping the others', () => {
    const rows = parseImportCsv(
      [
        'id,source,title,alt_text,tags',
        `${ID_A},api,A title,"A dog, running",dog; beach`,
        `${ID_B},api,Title,,dog`,
        'not-an-id,api,Title,Alt,dog',
        `${ID_A},api,Again,Alt,dog`,
        `${ID_B},api,too few cells`,
        '',
        `"${ID_C}",api,"${'t'.repeat(301)}","line one`,
        `line two",x`,
      ].join('\r\n'),
    );
    expect(rows).toEqual([
      { line: 2, id: ID_A, text: { altText: 'A dog, running', title: 'A title', tags: ['dog', 'beach'] } },
      { line: 3, id: ID_B, refused: 'the alt text is empty' },
      { line: 4, id: 'not-an-id', refused: 'its id is not an image id (a UUID as exported)' },
      { line: 5, id: ID_A, refused: 'repeats an id of an earlier row; each image once' },
      { line: 6, id: ID_B, refused: 'has 3 cells where the first line names 5 columns' },
      { line: 8, id: ID_C, refused: 'the title is 301 characters long (at most 300)' },
    ]);
  });

  it('takes the formula guard off imported cells and reads semicolon-separated files', () => {
    expect(parseImportCsv(`\uFEFFid;alt_text\n${ID_A};'=1+1`)).toEqual([
      { line: 2, id: ID_A, text: { altText: '=1+1' } },
    ]);
  });

  it.each([
    ['a file without the id column', 'title,alt_text\nx,y'],
    ['a file without an editable column', `id,source\n${ID_A},api`],
    ['an empty file', ''],
    ['an unclosed quote', `id,alt_text\n${ID_A},"never closed`],
  ])('refuses %s as a whole with invalid_csv', (_, text) => {
    expect(() => parseImportCsv(text)).toThrow(HubError);
    try {
      parseImportCsv(text);
    } catch (error) {
      expect((error as HubError).code).toBe('invalid_csv');
      expect((error as HubError).status).toBe(400);
    }
  });

  it('edits only the fields that differ from the stored result', () => {
    const stored = result();
    expect(editOf(stored, { altText: 'A brown dog running on sand', title: 'Dog on a beach' })).toBeUndefined();
    expect(editOf(stored, { tags: ['dog', 'beach'] })).toBeUndefined();
    expect(editOf(stored, { altText: 'A dog', title: 'Dog on a beach', tags: ['beach', 'dog'] })).toEqual({
      altText: 'A dog',
      tags: ['beach', 'dog'],
    });
  });
});
