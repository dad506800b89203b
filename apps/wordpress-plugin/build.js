// Builds the plugin: bundles its admin and editor scripts into tagphoto/build/, extracts every translatable string
// (PHP and JS) into tagphoto/languages/tagphoto.pot with GNU xgettext, and packs tagphoto.zip for Plugins → Add New →
// Upload (the sources under src/ stay out of it).
const { build } = require('esbuild');
const { execFile } = require('node:child_process');
const { createWriteStream } = require('node:fs');
const { mkdir, readdir, readFile, stat } = require('node:fs/promises');
const { join, relative } = require('node:path');
const { promisify } = require('node:util');
const { ZipFile } = require('yazl');

const root = join(__dirname, 'tagphoto');
const ZIP = join(__dirname, 'tagphoto.zip');
const POT = join(root, 'languages', 'tagphoto.pot');

/** WordPress's translation functions, as xgettext keywords (argument positions; `c` marks the context). */
const KEYWORDS = ['__:1', '_e:1', 'esc_html__:1', 'esc_html_e:1', 'esc_attr__:1', 'esc_attr_e:1', '_x:1,2c', '_n:1,2'];

async function filesUnder(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)])),
  );
  return nested.flat().sort();
}

async function bundleScripts() {
  await build({
    entryPoints: { admin: join(root, 'src', 'admin.js'), editor: join(root, 'src', 'editor.js') },
    outdir: join(root, 'build'),
    bundle: true,
    format: 'iife',
    target: 'es2019',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

async function makePot() {
  const version = /define\( 'TAGPHOTO_VERSION', '([^']+)' \)/.exec(await readFile(join(root, 'tagphoto.php'), 'utf8'))[1];
  await mkdir(join(root, 'languages'), { recursive: true });
  const files = await filesUnder(root);
  const sources = (extension) => files.filter((file) => file.endsWith(extension) && !file.includes(`${join(root, 'build')}`)).map((file) => relative(root, file));
  const common = ['--from-code=UTF-8', '--add-comments=translators:', '--package-name=TagPhoto', `--package-version=${version}`, '--sort-by-file', ...KEYWORDS.map((keyword) => `--keyword=${keyword}`)];
  const run = (args) =>
    promisify(execFile)('xgettext', args, { cwd: root }).catch((error) => {
      throw new Error(error.code === 'ENOENT' ? 'xgettext is missing: install Debian’s `gettext` package to build the plugin’s .pot' : `xgettext failed: ${error.stderr || error.message}`);
    });
  await run([...common, '--language=PHP', '-o', POT, ...sources('.php')]);
  await run([...common, '--language=JavaScript', '--join-existing', '-o', POT, ...sources('.js').filter((file) => file.startsWith('src'))]);
}

async function zipPlugin() {
  const zip = new ZipFile();
  for (const file of await filesUnder(root)) {
    const path = relative(root, file);
    if (path.startsWith('src/')) continue;
    zip.addFile(file, `tagphoto/${path}`, { mtime: (await stat(file)).mtime });
  }
  zip.end();
  await new Promise((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(ZIP)).on('close', resolve).on('error', reject);
  });
  return ZIP;
}

/** @returns {Promise<string>} The path of tagphoto.zip. */
async function buildPlugin() {
  await bundleScripts();
  await makePot();
  return zipPlugin();
}

module.exports = { buildPlugin, PLUGIN_ZIP: ZIP };

if (require.main === module) {
  buildPlugin().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
