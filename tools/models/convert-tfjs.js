#!/usr/bin/env node
'use strict';
/**
 * Converts the TF.js models shipped in npm packages (human's CenterNet and BlazeFace, nsfwjs' MobileNetV2)
 * to ONNX under `<cacheDir>/models/`, named `<id>-<first 12 hex of the sources' sha256>.onnx`, with an
 * index `<id>.json` ({ id, version, sourceSha256, sha256, byteSize, file, converterRevision }).
 *
 *   node tools/models/convert-tfjs.js        (cacheDir: $TAGPHOTO_CACHE_DIR or <repo>/.cache)
 *
 * The output is deterministic: the same sources and converter give byte-identical ONNX files.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { convertGraphModel } = require('./tfjs-graph-to-onnx');
const { convertLayersModel } = require('./tfjs-layers-to-onnx');
const {
  TFJS_MODELS,
  REPO_ROOT,
  ModelSourceError,
  packageVersion,
  sourcePaths,
  readArtifacts,
} = require('./tfjs-sources');

/** Bump when the converter's output changes for the same sources, so cached files are rebuilt. */
const CONVERTER_REVISION = 1;

const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');

function defaultCacheDir() {
  return process.env.TAGPHOTO_CACHE_DIR || path.join(REPO_ROOT, '.cache');
}

/** sha256 over the source files in their listed order, each prefixed with its byte length. */
function sourceHash(source) {
  const hash = crypto.createHash('sha256');
  for (const file of sourcePaths(source)) {
    const bytes = fs.readFileSync(file);
    hash.update(`${bytes.length}:`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

/** Decoded weights by name as plain typed arrays (dequantised float16/uint8 → float32). */
function decodeWeights(modelJson, weightData) {
  const tf = require('@tensorflow/tfjs');
  // tfjs' CPU backend greets Node.js users with an "install our node backend" banner on its first tensor. The
  // converter only decodes weight bytes (no platform I/O, no kernels worth speeding up), and the product runs on
  // onnxruntime, so the banner would only mislead whoever reads `npm start`.
  tf.env().set('IS_NODE', false);
  const groups = modelJson.weightsManifest;
  const specs = groups.flatMap((g) => g.weights);
  const tensors = tf.io.decodeWeights(weightData, specs);
  /** @type {Record<string, { values: Float32Array | Int32Array, shape: number[] }>} */
  const weights = {};
  for (const [name, tensor] of Object.entries(tensors)) {
    weights[name] = { values: tensor.dataSync().slice(), shape: tensor.shape };
    tensor.dispose();
  }
  return weights;
}

/** @param {import('./tfjs-sources').TfjsModelSource} source @returns {Buffer} ONNX bytes */
function convertModel(source) {
  const { modelJson, weightData } = readArtifacts(source);
  const weights = decodeWeights(modelJson, weightData);
  if (source.kind === 'graph') {
    return convertGraphModel(modelJson, weights, {
      name: source.id,
      inputName: source.inputName,
      outputs: source.outputs,
    });
  }
  const [outputName] = Object.values(source.outputs);
  return convertLayersModel(modelJson, weights, { name: source.id, inputName: source.inputName, outputName });
}

/**
 * @typedef {{ id: string, version: string, sourceSha256: string, sha256: string, byteSize: number,
 *   file: string, converterRevision: number }} ConvertedModelIndex
 */

function readIndex(indexPath) {
  try {
    return JSON.parse(fs.readFileSync(indexPath, 'utf8'));
  } catch {
    return undefined;
  }
}

/** True when the index describes this exact source + converter and the ONNX file still matches it. */
function isUpToDate(index, onnxPath, sourceSha256) {
  if (!index || index.sourceSha256 !== sourceSha256 || index.converterRevision !== CONVERTER_REVISION) return false;
  if (!fs.existsSync(onnxPath)) return false;
  return sha256(fs.readFileSync(onnxPath)) === index.sha256;
}

/**
 * @param {import('./tfjs-sources').TfjsModelSource} source
 * @param {string} cacheDir
 * @returns {ConvertedModelIndex & { path: string, status: 'converted' | 'up to date' }}
 */
function convertOne(source, cacheDir) {
  const modelsDir = path.join(cacheDir, 'models');
  fs.mkdirSync(modelsDir, { recursive: true });
  const sourceSha256 = sourceHash(source);
  const file = `${source.id}-${sourceSha256.slice(0, 12)}.onnx`;
  const onnxPath = path.join(modelsDir, file);
  const indexPath = path.join(modelsDir, `${source.id}.json`);
  const existing = readIndex(indexPath);
  if (isUpToDate(existing, onnxPath, sourceSha256)) return { ...existing, path: onnxPath, status: 'up to date' };

  const bytes = convertModel(source);
  // Write-then-rename so a concurrent reader never sees half a model.
  const tmp = `${onnxPath}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, onnxPath);
  /** @type {ConvertedModelIndex} */
  const index = {
    id: source.id,
    version: `${source.packageName.replace(/^@[^/]+\//, '')}-${packageVersion(source.packageName)}`,
    sourceSha256,
    sha256: sha256(bytes),
    byteSize: bytes.length,
    file,
    converterRevision: CONVERTER_REVISION,
  };
  fs.writeFileSync(indexPath, `${JSON.stringify(index, null, 2)}\n`);
  return { ...index, path: onnxPath, status: 'converted' };
}

/**
 * Converts every model (or only `ids`) into `<cacheDir>/models`.
 * @param {{ cacheDir?: string, ids?: string[] }} [options]
 */
function convertAll(options = {}) {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const wanted = options.ids ? TFJS_MODELS.filter((m) => options.ids.includes(m.id)) : TFJS_MODELS;
  if (options.ids && wanted.length !== options.ids.length)
    throw new ModelSourceError(`unknown model id in ${options.ids.join(', ')}`);
  return wanted.map((source) => convertOne(source, cacheDir));
}

module.exports = { convertAll, convertModel, sourceHash, CONVERTER_REVISION, TFJS_MODELS };

if (require.main === module) {
  try {
    for (const r of convertAll()) {
      console.log(
        `${r.id}: ${r.status} ${path.relative(process.cwd(), r.path)} (${r.byteSize} bytes, sha256 ${r.sha256})`,
      );
    }
  } catch (err) {
    console.error(`convert-tfjs: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
