import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const INCLUDES = join(__dirname, '..', 'tagphoto', 'includes');

/** Runs `code` in PHP with the named plugin classes loaded (no WordPress) and returns what it prints as JSON. */
export function runPhp(classFiles: string[], code: string, input: unknown): unknown {
  const requires = classFiles.map((file) => `require ${JSON.stringify(join(INCLUDES, file))};`).join('\n');
  const script = `define('ABSPATH', '/');\n${requires}\n$input = json_decode(stream_get_contents(STDIN), true);\n${code}`;
  const stdout = execFileSync('php', ['-r', script], { input: JSON.stringify(input), encoding: 'utf8' });
  return JSON.parse(stdout);
}
