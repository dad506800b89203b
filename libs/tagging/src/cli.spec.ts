import { join, resolve } from 'node:path';
import { main, parseArgs } from './cli';

const cat = join(__dirname, 'decode', 'fixtures', 'chelsea.jpg');

describe('tag CLI arguments', () => {
  it('reads flags and files in any order', () => {
    expect(parseArgs(['--json', cat, '--lang', 'de', '--no-ocr', 'b.png'])).toEqual({
      json: true,
      language: 'de',
      ocr: false,
      files: [cat, 'b.png'],
    });
  });

  it('takes the language under the API field name, --language, and keeps --lang as its short form', () => {
    expect(parseArgs(['--language', 'fr', cat]).language).toBe('fr');
    expect(parseArgs(['--language=nl', cat]).language).toBe('nl');
    expect(parseArgs(['--lang=pt', cat]).language).toBe('pt');
    expect(() => parseArgs(['--language', 'xx', cat])).toThrow('unknown language "xx"');
  });

  it('treats everything after -- as a file', () => {
    expect(parseArgs(['--', '--json']).files).toEqual(['--json']);
  });

  it('rejects an unknown language, an unknown flag and a missing file list', () => {
    expect(() => parseArgs(['--lang', 'xx', cat])).toThrow('unknown language "xx"');
    expect(() => parseArgs(['--fast', cat])).toThrow('unknown option --fast');
    expect(() => parseArgs(['--json'])).toThrow('no files given');
  });
});

describe('tag CLI', () => {
  const previousModelDir = process.env.TAGPHOTO_MODEL_DIR;
  let output: string[];

  beforeEach(() => {
    process.env.TAGPHOTO_MODEL_DIR = previousModelDir ?? resolve(__dirname, '../../../../shared/models');
    output = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    if (previousModelDir === undefined) delete process.env.TAGPHOTO_MODEL_DIR;
    else process.env.TAGPHOTO_MODEL_DIR = previousModelDir;
  });

  it('prints one JSON line per file, an error line for a bad file, and exits 1', async () => {
    const missing = join(__dirname, 'no-such-photo.jpg');
    const code = await main(['--json', '--no-ocr', cat, missing, __filename]);
    const lines = output
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(code).toBe(1);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ file: cat, width: 451, height: 300, language: 'en' });
    expect(lines[0].models).not.toHaveProperty('ppocr-det');
    expect(lines[1]).toEqual({ file: missing, error: { code: 'FILE_NOT_FOUND', message: expect.any(String) } });
    expect(lines[2]).toMatchObject({ file: __filename, error: { code: 'UNSUPPORTED_IMAGE' } });
  });

  it('exits 0 with a readable summary when every file tags', async () => {
    const code = await main(['--no-ocr', cat]);
    expect(code).toBe(0);
    expect(output.join('')).toContain(`${cat} (451×300)`);
  });
});
