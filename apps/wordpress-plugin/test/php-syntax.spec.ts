import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const PLUGIN = join(__dirname, '..', 'tagphoto');
const FILES = [
  'tagphoto.php',
  'uninstall.php',
  ...readdirSync(join(PLUGIN, 'includes')).map((name) => join('includes', name)),
];

describe('the plugin’s PHP', () => {
  // The WP-CLI command only loads under WP-CLI, which Debian does not package: linting is what catches its mistakes here.
  it.each(FILES)('%s parses under the installed PHP', (file) => {
    expect(execFileSync('php', ['-l', join(PLUGIN, file)], { encoding: 'utf8' })).toContain(
      'No syntax errors detected',
    );
  });
});
