// @ts-check
'use strict';
/**
 * The thread every onnxruntime session of one engine lives on. onnxruntime-node runs a model synchronously
 * on the calling JS thread; here that blocks only this thread, so the engine's own thread keeps decoding,
 * resampling and post-processing while a model runs, and a server's event loop never stalls on inference.
 * Plain JavaScript so that both the built library and its TypeScript tests can start it by file name.
 *
 * Requests (one at a time, in arrival order):
 *   { id, kind: 'load', modelId, path, options }  → { id }
 *   { id, kind: 'run', modelId, feeds }           → { id, outputs, runMs }  (runMs: time inside session.run)
 *   { id, kind: 'release' }                        → { id }                  (releases every session)
 * A failure answers { id, error: { name, message } }. Tensors travel as { type, data, dims }.
 */
const { parentPort } = require('node:worker_threads');
const { InferenceSession, Tensor } = require('onnxruntime-node');

/** @type {Map<string, import('onnxruntime-node').InferenceSession>} */
const sessions = new Map();

/** @param {{ id: number, kind: string, modelId?: string, path?: string, options?: object, feeds?: Record<string, { type: any, data: any, dims: number[] }> }} request */
async function handle(request) {
  const modelId = request.modelId ?? '';
  if (request.kind === 'load') {
    if (!sessions.has(modelId))
      sessions.set(modelId, await InferenceSession.create(request.path ?? '', request.options ?? {}));
    return { id: request.id };
  }
  if (request.kind === 'run') {
    const session = sessions.get(modelId);
    if (!session) throw new Error(`model ${modelId} is not loaded`);
    /** @type {Record<string, import('onnxruntime-node').Tensor>} */
    const feeds = {};
    for (const [name, t] of Object.entries(request.feeds ?? {})) feeds[name] = new Tensor(t.type, t.data, t.dims);
    const started = process.hrtime.bigint();
    const results = await session.run(feeds);
    const runMs = Number(process.hrtime.bigint() - started) / 1e6;
    /** @type {Record<string, { type: string, data: unknown, dims: readonly number[] }>} */
    const outputs = {};
    for (const [name, tensor] of Object.entries(results))
      outputs[name] = { type: tensor.type, data: tensor.data, dims: tensor.dims };
    return { id: request.id, outputs, runMs };
  }
  if (request.kind === 'release') {
    const all = [...sessions.values()];
    sessions.clear();
    await Promise.all(all.map((session) => session.release()));
    return { id: request.id };
  }
  throw new Error(`unknown request ${request.kind}`);
}

/**
 * @param {{ outputs?: Record<string, { data: any }> }} reply
 * Output buffers are handed to the engine's thread, not copied: nothing here reads them again. */
function transferables(reply) {
  if (!reply.outputs) return [];
  return [...new Set(Object.values(reply.outputs).map((output) => output.data.buffer))];
}

let queue = Promise.resolve();
parentPort?.on('message', (request) => {
  queue = queue.then(async () => {
    try {
      const reply = await handle(request);
      parentPort?.postMessage(reply, transferables(reply));
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      parentPort?.postMessage({ id: request.id, error: { name, message } });
    }
  });
});
