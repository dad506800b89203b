import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import { FakeFigma } from './testing/fake-figma';

const run = promisify(execFile);

async function buildInto(env: Record<string, string>): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), 'tagphoto-figma-'));
  try {
    await run(process.execPath, [join(__dirname, 'build.mjs')], {
      env: { ...process.env, ...env, TAGPHOTO_FIGMA_OUT_DIR: out },
    });
    return out;
  } catch (error) {
    await rm(out, { recursive: true, force: true });
    throw error;
  }
}

describe('the plugin build (build.mjs)', () => {
  let out: string;
  beforeAll(async () => {
    out = await buildInto({ TAGPHOTO_HUB_ORIGIN: 'https://Tags.Example.com/' });
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  it("writes the operator's hub origin as the only domain the plugin may reach", async () => {
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.networkAccess.allowedDomains).toEqual(['https://tags.example.com']);
    expect(manifest).toMatchObject({
      main: 'code.js',
      ui: 'ui.html',
      documentAccess: 'dynamic-page',
      editorType: ['figma', 'dev'],
    });
  });

  it('inlines the UI script into ui.html, with the hub origin as the default URL', async () => {
    const html = await readFile(join(out, 'ui.html'), 'utf8');
    expect(html).not.toContain('__UI_SCRIPT__');
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).toContain('"https://tags.example.com"');
    expect(html).toMatch(/<label for="api-key">API key<\/label>/);
  });

  it('produces plugin code that runs in a bare sandbox (no Node, no DOM) and talks to its UI by messages', async () => {
    const code = await readFile(join(out, 'code.js'), 'utf8');
    const fake = new FakeFigma();
    const toUi: unknown[] = [];
    const shown: Array<{ html: string; options: { themeColors?: boolean } }> = [];
    const ui: { postMessage(message: unknown): void; onmessage?: (message: unknown) => void } = {
      postMessage: (message) => toUi.push(message),
    };
    const figma = Object.assign(fake, {
      ui,
      showUI: (html: string, options: { themeColors?: boolean }) => shown.push({ html, options }),
      on: () => undefined,
      notify: () => undefined,
    });
    runInNewContext(code, { figma, __html__: '<p>ui</p>' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(shown).toEqual([{ html: '<p>ui</p>', options: expect.objectContaining({ themeColors: true }) }]);
    expect(toUi).toContainEqual({ type: 'settings', settings: null });
    ui.onmessage!({ type: 'save-settings', settings: { hubUrl: 'https://tags.example.com', apiKey: 'tpk_a' } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(await fake.clientStorage.getAsync('tagphoto.settings')).toMatchObject({
      hubUrl: 'https://tags.example.com',
      apiKey: 'tpk_a',
    });
  });

  it('points at the hub npm start runs, on its configured PORT, when no hub origin is given', async () => {
    const { TAGPHOTO_HUB_ORIGIN: _origin, ...environment } = process.env;
    const local = await mkdtemp(join(tmpdir(), 'tagphoto-figma-'));
    try {
      await run(process.execPath, [join(__dirname, 'build.mjs')], {
        env: { ...environment, PORT: '4300', TAGPHOTO_FIGMA_OUT_DIR: local },
      });
      const manifest = JSON.parse(await readFile(join(local, 'manifest.json'), 'utf8'));
      expect(manifest.networkAccess.allowedDomains).toEqual(['http://localhost:4300']);
      expect(await readFile(join(local, 'ui.html'), 'utf8')).toContain('"http://localhost:4300"');
    } finally {
      await rm(local, { recursive: true, force: true });
    }
  });

  it('refuses a hub origin that is not an http(s) origin', async () => {
    await expect(buildInto({ TAGPHOTO_HUB_ORIGIN: 'https://tags.example.com/api' })).rejects.toMatchObject({
      stderr: expect.stringContaining('TAGPHOTO_HUB_ORIGIN must be an origin'),
    });
  });
});
