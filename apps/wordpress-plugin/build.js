// Builds the plugin: bundles its admin and editor scripts into tagphoto/build/, extracts every translatable string
// (PHP and JS) into tagphoto/languages/tagphoto.pot with GNU xgettext, and packs tagphoto.zip for Plugins → Add New →
// Upload (the sources under src/ stay out of it). Everything is made in a staging folder and moved into place by
// rename, so test files building at the same time never read a half-written script or zip.
const { build } = require('esbuild');
const { execFile } = require('node:child_process');
const { createWriteStream } = require('node:fs');
const { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } = require('node:fs/promises');
const { dirname, join, relative } = require('node:path');
const { promisify } = require('node:util');
const { ZipFile } = require('yazl');

const root = join(__dirname, 'tagphoto');
const ZIP = join(__dirname, 'tagphoto.zip');

/** WordPress's translation functions, as xgettext keywords (argument positions; `c` marks the context). */
const KEYWORDS = ['__:1', '_e:1', 'esc_html__:1', 'esc_html_e:1', 'esc_attr__:1', 'esc_attr_e:1', '_x:1,2c', '_n:1,2'];

async function filesUnder(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)])),
  );
  return nested.flat().sort();
}

/** Files the build makes, relative to tagphoto/: never read as sources. */
const MADE = ['build/', 'languages/tagphoto.pot'];
const isMade = (path) => MADE.some((made) => path.startsWith(made));

async function bundleScripts(staging) {
  await build({
    entryPoints: { admin: join(root, 'src', 'admin.js'), editor: join(root, 'src', 'editor.js') },
    outdir: join(staging, 'build'),
    bundle: true,
    format: 'iife',
    target: 'es2019',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

async function makePot(staging) {
  const version = /define\( 'TAGPHOTO_VERSION', '([^']+)' \)/.exec(
    await readFile(join(root, 'tagphoto.php'), 'utf8'),
  )[1];
  const pot = join(staging, 'languages', 'tagphoto.pot');
  await mkdir(dirname(pot), { recursive: true });
  const files = (await filesUnder(root)).map((file) => relative(root, file)).filter((path) => !isMade(path));
  const sources = (extension) => files.filter((path) => path.endsWith(extension));
  const common = [
    '--from-code=UTF-8',
    '--add-comments=translators:',
    '--package-name=TagPhoto',
    `--package-version=${version}`,
    '--sort-by-file',
    ...KEYWORDS.map((keyword) => `--keyword=${keyword}`),
  ];
  const run = (args) =>
    promisify(execFile)('xgettext', args, { cwd: root }).catch((error) => {
      throw new Error(
        error.code === 'ENOENT'
          ? 'xgettext is missing: install Debian’s `gettext` package to build the plugin’s .pot'
          : `xgettext failed: ${error.stderr || error.message}`,
      );
    });
  await run([...common, '--language=PHP', '-o', pot, ...sources('.php')]);
  await run([
    ...common,
    '--language=JavaScript',
    '--join-existing',
    '-o',
    pot,
    ...sources('.js').filter((path) => path.startsWith('src/')),
  ]);
}

/** The sources (without src/) and what the staging folder made, under one tagphoto/ folder. */
async function zipPlugin(staging, target) {
  const zip = new ZipFile();
  const add = async (file, path) => zip.addFile(file, `tagphoto/${path}`, { mtime: (await stat(file)).mtime });
  for (const file of await filesUnder(root)) {
    const path = relative(root, file);
    if (!path.startsWith('src/') && !isMade(path)) await add(file, path);
  }
  for (const file of await filesUnder(staging)) await add(file, relative(staging, file));
  zip.end();
  await new Promise((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(target)).on('close', resolve).on('error', reject);
  });
}

/** @returns {Promise<string>} The path of tagphoto.zip. */
async function buildPlugin() {
  // Beside the plugin (same filesystem), so rename() moves each result into place atomically.
  const staging = await mkdtemp(join(__dirname, '.staging-'));
  try {
    const made = join(staging, 'made');
    await bundleScripts(made);
    await makePot(made);
    await zipPlugin(made, join(staging, 'tagphoto.zip'));
    for (const file of await filesUnder(made)) {
      const target = join(root, relative(made, file));
      await mkdir(dirname(target), { recursive: true });
      await rename(file, target);
    }
    await rename(join(staging, 'tagphoto.zip'), ZIP);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return ZIP;
}

module.exports = { buildPlugin, PLUGIN_ZIP: ZIP };

if (require.main === module) {
  buildPlugin().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
