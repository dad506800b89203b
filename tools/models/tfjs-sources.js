'use strict';
/**
 * The TF.js models shipped inside npm packages that TagPhoto converts to ONNX, and how to read them.
 * Paths are inside each package; the package root is found from node's resolution of the package.
 */
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * @typedef {{
 *   id: string,
 *   packageName: string,
 *   files: string[],
 *   kind: 'graph' | 'layers',
 *   inputName: string,
 *   outputs: Record<string, string>,
 * }} TfjsModelSource
 */

/** @type {TfjsModelSource[]} */
const TFJS_MODELS = [
  {
    id: 'centernet-coco',
    packageName: '@vladmandic/human',
    files: ['models/centernet.json', 'models/centernet.bin'],
    kind: 'graph',
    inputName: 'images',
    // Cut before the in-graph TopK decoding: peaks and NMS are done in TypeScript.
    outputs: { 'tower_0/keypoints': 'heatmap', 'tower_0/wh': 'wh' },
  },
  {
    id: 'blazeface',
    packageName: '@vladmandic/human',
    files: ['models/blazeface.json', 'models/blazeface.bin'],
    kind: 'graph',
    inputName: 'input',
    outputs: { Identity: 'scores_16', Identity_2: 'boxes_16', Identity_1: 'scores_8', Identity_3: 'boxes_8' },
  },
  {
    id: 'nsfw-mobilenet-v2',
    packageName: 'nsfwjs',
    files: ['dist/models/mobilenet_v2/model.min.js', 'dist/models/mobilenet_v2/group1-shard1of1.min.js'],
    kind: 'layers',
    inputName: 'input',
    outputs: { dense_3: 'probabilities' },
  },
];

class ModelSourceError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ModelSourceError';
  }
}

/** Root folder of an installed package (its `exports` map hides package.json from require). */
function packageRoot(packageName) {
  let dir = path.dirname(require.resolve(packageName, { paths: [REPO_ROOT] }));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === packageName) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new ModelSourceError(`cannot find the root of package ${packageName}; run npm ci`);
    dir = parent;
  }
}

function packageVersion(packageName) {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(packageName), 'package.json'), 'utf8')).version;
}

/** @param {TfjsModelSource} source */
function sourcePaths(source) {
  const root = packageRoot(source.packageName);
  return source.files.map((f) => path.join(root, f));
}

/**
 * Model JSON and weight bytes. Graph models ship a .json + .bin; nsfwjs wraps each file in a UMD `.min.js`
 * (the model as an object, the shard as a base64 string).
 * @param {TfjsModelSource} source
 * @returns {{ modelJson: any, weightData: ArrayBuffer }}
 */
function readArtifacts(source) {
  const [jsonPath, weightsPath] = sourcePaths(source);
  const modelJson = jsonPath.endsWith('.js') ? require(jsonPath) : JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
  const shards = modelJson.weightsManifest.flatMap((group) => group.paths);
  if (shards.length !== 1)
    throw new ModelSourceError(`${source.id}: expected one weights shard, found ${shards.length}`);
  const raw = weightsPath.endsWith('.js') ? Buffer.from(require(weightsPath), 'base64') : fs.readFileSync(weightsPath);
  const weightData = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength);
  return { modelJson, weightData };
}

module.exports = { TFJS_MODELS, REPO_ROOT, ModelSourceError, packageRoot, packageVersion, sourcePaths, readArtifacts };
