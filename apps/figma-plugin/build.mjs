// Builds the Figma plugin into dist/: code.js (the sandboxed plugin code), ui.html (the iframe, script inlined)
// and manifest.json, whose networkAccess allows exactly the operator's hub origin (TAGPHOTO_HUB_ORIGIN, else
// http://localhost:$PORT, the hub `npm start` runs).
import { build } from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = process.env.TAGPHOTO_FIGMA_OUT_DIR ?? join(here, 'dist');

/** The manifest's allowedDomains entry is static, so the hub origin is fixed at build time. */
export function hubOrigin(input) {
  const match = /^(https?):\/\/([^/?#@\s]+)\/?$/i.exec((input ?? '').trim());
  if (!match) {
    throw new Error(`TAGPHOTO_HUB_ORIGIN must be an origin like https://tagphoto.example.com (got "${input}")`);
  }
  return `${match[1].toLowerCase()}://${match[2].toLowerCase()}`;
}

/** The hub this machine runs (`npm start` builds the plugin with the hub's own PORT) unless told otherwise. */
export function configuredHubOrigin(env = process.env) {
  return hubOrigin(env.TAGPHOTO_HUB_ORIGIN || `http://localhost:${env.PORT || 3000}`);
}

export async function buildPlugin({ origin = configuredHubOrigin(), out = outDir } = {}) {
  await mkdir(out, { recursive: true });
  const common = { bundle: true, format: 'iife', target: 'es2017', minify: true, legalComments: 'none', write: false };
  const [code, ui] = await Promise.all([
    build({ ...common, entryPoints: [join(here, 'src', 'code.ts')], tsconfig: join(here, 'tsconfig.json') }),
    build({
      ...common,
      entryPoints: [join(here, 'src', 'ui.ts')],
      tsconfig: join(here, 'tsconfig.ui.json'),
      define: { TAGPHOTO_HUB_ORIGIN: JSON.stringify(origin) },
    }),
  ]);
  const template = await readFile(join(here, 'src', 'ui.html'), 'utf8');
  // A closing script tag inside the bundle would end the inline script early.
  const script = ui.outputFiles[0].text.replace(/<\/script/gi, '<\\/script');
  const html = template.replace('<script>__UI_SCRIPT__</script>', () => `<script>${script}</script>`);
  const manifest = JSON.parse(await readFile(join(here, 'manifest.json'), 'utf8'));
  manifest.networkAccess.allowedDomains = [origin];
  // Figma assigns the id when a plugin is created or published in an organisation; the operator passes it here.
  if (process.env.TAGPHOTO_FIGMA_PLUGIN_ID) manifest.id = process.env.TAGPHOTO_FIGMA_PLUGIN_ID;
  await Promise.all([
    writeFile(join(out, 'code.js'), code.outputFiles[0].text),
    writeFile(join(out, 'ui.html'), html),
    writeFile(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`),
  ]);
  return { out, origin };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildPlugin().then(
    ({ out, origin }) => console.log(`Figma plugin built in ${out} (network access: ${origin})`),
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
