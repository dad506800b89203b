// Bundles the plugin's admin and editor scripts (with @wordpress/api-fetch) into tagphoto/build/.
const { build } = require('esbuild');
const { join } = require('node:path');

const root = join(__dirname, 'tagphoto');

async function buildPlugin() {
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

module.exports = { buildPlugin };

if (require.main === module) {
  buildPlugin().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
