import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODEL_DIR, REPO_ROOT } from '../support/hub';
import { freePort } from '../support/hub-process';

const READY = /TagPhoto is ready at /;

interface Started {
  port: number;
  stdout: string;
  stderr: string;
}

/**
 * Starts the built hub the way `npm start` does after its build step: apps/hub/dist/main.js through
 * tools/runtime/node.sh (the shipped allocator settings), in the embedded default (no DATABASE_URL, no
 * REDIS_URL). Resolves once the ready line has been printed and the process has been stopped.
 */
async function startLikeNpmStart(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    join(REPO_ROOT, 'tools', 'runtime', 'node.sh'),
    [join(REPO_ROOT, 'apps', 'hub', 'dist', 'main.js')],
    {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const deadline = Date.now() + 90_000;
    while (!READY.test(stdout)) {
      if (child.exitCode !== null) throw new Error(`the hub exited with ${child.exitCode}:\n${stdout}${stderr}`);
      if (Date.now() > deadline) throw new Error(`no ready line within 90 s:\n${stdout}${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // The lines after the ready line are written in the same tick; wait a moment for the pipe to deliver them.
    await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return { port, stdout, stderr };
}

describe('npm start', () => {
  let dataDir: string;
  let emptyModelDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tagphoto-start-data-'));
    emptyModelDir = mkdtempSync(join(tmpdir(), 'tagphoto-start-models-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(emptyModelDir, { recursive: true, force: true });
  });

  it('ends, on a terminal, with a plain ready line and one line per missing part, each saying what to do', async () => {
    const { port, stdout } = await startLikeNpmStart({
      TAGPHOTO_DATA_DIR: dataDir,
      TAGPHOTO_MODEL_DIR: emptyModelDir,
      LOG_FORMAT: 'pretty',
    });
    const lines = stdout.trimEnd().split('\n');
    const ready = lines.findIndex((line) => READY.test(line));
    expect(lines.slice(ready)).toEqual([
      `TagPhoto is ready at http://127.0.0.1:${port} — data in ${dataDir} (embedded PostgreSQL, in-process jobs)`,
      `  Model pack imagenet-mobilenetv2 is missing (tags and alt text name fewer things): install it with \`npm run models:fetch\` (looked for ${join(emptyModelDir, 'mobilenetv2-12-int8.onnx')})`,
      expect.stringMatching(
        /^ {2}Connectors not configured: Shopify \(SHOPIFY_API_KEY, .+\); Slack \(.+\); Google Drive \(.+\) — set these to connect them$/,
      ),
    ]);
    // Nest's per-route and per-module lines are debug chatter, and no library prints its own banner.
    expect(stdout).not.toMatch(/Mapped \{|dependencies initialized|TensorFlow\.js/);
    expect(lines.length).toBeLessThan(10);
  });

  it('writes only JSON log records when its output is not a terminal, the ready line among them, and says nothing of a pack that is there', async () => {
    const { port, stdout } = await startLikeNpmStart({ TAGPHOTO_DATA_DIR: dataDir, TAGPHOTO_MODEL_DIR: MODEL_DIR });
    const records = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(records).toContainEqual(
      expect.objectContaining({
        level: 30,
        msg: `TagPhoto is ready at http://127.0.0.1:${port} — data in ${dataDir} (embedded PostgreSQL, in-process jobs)`,
      }),
    );
    expect(records).toContainEqual(
      expect.objectContaining({ level: 40, msg: expect.stringMatching(/^Connectors not configured: Shopify/) }),
    );
    expect(stdout).not.toMatch(/Model pack/);
    expect(records.length).toBeLessThan(10);
  });
});
