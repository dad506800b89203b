import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yauzl from 'yauzl';
import { buildPlugin } from '../build';

const PLUGIN = join(__dirname, '..', 'tagphoto');

/** The names in a zip, read back with an independent implementation (yauzl). */
async function entriesOf(zip: string): Promise<string[]> {
  const archive = await yauzl.openPromise(zip);
  const names: string[] = [];
  for await (const entry of archive.eachEntry()) names.push(entry.fileName);
  archive.close();
  return names.sort();
}

describe('the plugin build (npm run build:wordpress)', () => {
  let zip: string;

  beforeAll(async () => {
    zip = await buildPlugin();
  });

  it('packs tagphoto.zip with one tagphoto/ folder: the PHP, the bundled scripts, readme, licence and .pot, but not the sources', async () => {
    const files = await entriesOf(zip);
    expect(files.every((file) => file.startsWith('tagphoto/'))).toBe(true);
    expect(files).toEqual(
      expect.arrayContaining([
        'tagphoto/tagphoto.php',
        'tagphoto/uninstall.php',
        'tagphoto/readme.txt',
        'tagphoto/LICENSE.txt',
        'tagphoto/build/admin.js',
        'tagphoto/build/editor.js',
        'tagphoto/languages/tagphoto.pot',
      ]),
    );
    expect(files.filter((file) => file.startsWith('tagphoto/src/'))).toEqual([]);
  });

  it('extracts the translatable strings of the PHP and of the scripts into languages/tagphoto.pot', () => {
    const pot = readFileSync(join(PLUGIN, 'languages', 'tagphoto.pot'), 'utf8');
    expect(pot).toContain('"Project-Id-Version: TagPhoto ');
    expect(pot).toContain('msgid "Connect to TagPhoto"');
    expect(pot).toMatch(/#: includes\/class-tagphoto-connect\.php:\d+/);
    expect(pot).toMatch(/#: [^\n]*src\/editor\.js:\d+\nmsgid "Generate alt text"/);
    expect(pot).toMatch(/#: src\/admin\.js:\d+\n(#[^\n]*\n)*msgid "Testing…"/);
    // A translator's note travels with its string.
    expect(pot).toContain("#. translators: %s: the hub's address.");
  });

  it('declares a GPL-compatible licence and the headers wordpress.org requires, in the plugin file and in readme.txt alike', () => {
    const header = readFileSync(join(PLUGIN, 'tagphoto.php'), 'utf8');
    const readme = readFileSync(join(PLUGIN, 'readme.txt'), 'utf8');
    const field = (text: string, name: string) => new RegExp(`^[ *]*${name}:\\s*(.+)$`, 'm').exec(text)?.[1]?.trim();
    expect(field(header, 'License')).toBe('GPL-2.0-or-later');
    expect(field(readme, 'License')).toBe('GPLv2 or later');
    for (const name of ['Requires at least', 'Requires PHP', 'Tested up to']) {
      expect(field(header, name)).toMatch(/^\d+\.\d+/);
      expect(field(readme, name)).toBe(field(header, name));
    }
    expect(field(header, 'Text Domain')).toBe('tagphoto');
    expect(field(readme, 'Stable tag')).toBe(field(header, 'Version'));
    expect(readme).toMatch(/^=== TagPhoto ===\n/);
    for (const section of ['Description', 'Installation', 'Frequently Asked Questions', 'Changelog'])
      expect(readme).toContain(`== ${section} ==`);
    expect(readFileSync(join(PLUGIN, 'LICENSE.txt'), 'utf8')).toMatch(
      /GNU GENERAL PUBLIC LICENSE\s+Version 2, June 1991/,
    );
  });
});
