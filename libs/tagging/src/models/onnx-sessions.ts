import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type InferenceSession, Tensor } from 'onnxruntime-node';
import { ModelMissingError } from '../errors';
import type { ModelSessions } from './model-sessions';
import type { ModelStore } from './model-store';

export interface OnnxSessionsOptions {
  /** Threads each session may use inside one operator; default: the number of cores. */
  intraOpNumThreads?: number;
}

/**
 * How every model's session is created. No session keeps onnxruntime's CPU arena: an arena holds the most its
 * model ever needed for the life of the process (some 300 MB for OCR after a few pages), one arena per model,
 * while the process allocator (jemalloc, see tools/runtime/node.sh) already keeps freed memory for reuse. Without
 * them the engine peaks some 100 MB lower for the same CPU per image (tools/bench/allocator-bench.js).
 */
export function sessionOptions(intraOpNumThreads: number): InferenceSession.SessionOptions {
  return {
    intraOpNumThreads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    enableCpuMemArena: false,
    extra: {
      session: {
        // The engine's thread decodes and resamples meanwhile: spinning threads would steal its core.
        intra_op: { allow_spinning: '0' },
        inter_op: { allow_spinning: '0' },
        // On x64 without VNNI (AVX2, AVX-512 before VNNI), onnxruntime's fast u8×s8 products saturate, so the
        // int8 ImageNet classifier named things differently there than on a VNNI machine (a cup of coffee became
        // "A picture"). This takes the exact u8×u8 path instead; VNNI machines and float models are unaffected.
        x64quantprecision: '1',
      },
    },
  };
}

interface WireTensor {
  type: Tensor.Type;
  data: Tensor.DataType;
  dims: readonly number[];
}

interface Reply {
  id: number;
  outputs?: Record<string, WireTensor>;
  runMs?: number;
  error?: { name: string; message: string };
}

type Request =
  | { kind: 'load'; modelId: string; path: string; options: InferenceSession.SessionOptions }
  | { kind: 'run'; modelId: string; feeds: Record<string, WireTensor> }
  | { kind: 'release' };

/** onnxruntime failed or its thread stopped: not the image's fault, so (unlike TaggingError) jobs retry it. */
export class InferenceError extends Error {
  override readonly name = 'InferenceError';
}

/** Plain JavaScript, so the built library and the TypeScript tests start the same file. */
const WORKER_FILE = join(__dirname, 'inference.worker.js');

/**
 * One lazily created onnxruntime session per model id, shared by every concurrent analyze call. All
 * sessions live on one worker thread that runs one model at a time (each with `intraOpNumThreads`), so
 * inference never blocks the caller's thread: decoding and post-processing of other work overlap it.
 */
export class OnnxModelSessions implements ModelSessions {
  private readonly sessions = new Map<string, Promise<void>>();
  private readonly intraOpNumThreads: number;
  private worker?: Worker;
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private inferenceMs = 0;

  constructor(
    private readonly store: ModelStore,
    options: OnnxSessionsOptions = {},
  ) {
    this.intraOpNumThreads = options.intraOpNumThreads ?? availableParallelism();
  }

  async has(modelId: string): Promise<boolean> {
    try {
      return (await this.store.resolve(modelId)) !== undefined;
    } catch (error) {
      if (error instanceof ModelMissingError) return false;
      throw error;
    }
  }

  /** Verifies the model file and creates its session, once however many callers ask at the same time. */
  load(modelId: string): Promise<void> {
    let session = this.sessions.get(modelId);
    if (!session) {
      session = this.create(modelId);
      this.sessions.set(modelId, session);
      // A failed load is not cached: fixing the file (e.g. `npm run models`) must not need a restart.
      session.catch(() => this.sessions.delete(modelId));
    }
    return session;
  }

  async run(modelId: string, feeds: Record<string, Tensor>): Promise<InferenceSession.ReturnType> {
    await this.load(modelId);
    const wire: Record<string, WireTensor> = {};
    for (const [name, tensor] of Object.entries(feeds))
      wire[name] = { type: tensor.type, data: tensor.data, dims: tensor.dims };
    const reply = await this.request({ kind: 'run', modelId, feeds: wire });
    this.inferenceMs += reply.runMs ?? 0;
    const outputs: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(reply.outputs ?? {})) outputs[name] = new Tensor(t.type, t.data, t.dims);
    return outputs;
  }

  version(modelId: string): string {
    return this.store.entry(modelId).version;
  }

  /** Ids of the sessions created (or being created) so far. */
  loaded(): string[] {
    return [...this.sessions.keys()];
  }

  /** Milliseconds spent inside onnxruntime's `run` so far, summed over all models: the raw model time. */
  inferenceTime(): number {
    return this.inferenceMs;
  }

  async close(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(sessions);
    const worker = this.worker;
    if (!worker) return;
    await this.request({ kind: 'release' });
    this.worker = undefined;
    await worker.terminate();
  }

  private async create(modelId: string): Promise<void> {
    const path = await this.store.require(modelId);
    await this.request({
      kind: 'load',
      modelId,
      path,
      options: sessionOptions(this.intraOpNumThreads),
    });
  }

  private request(request: Request): Promise<Reply> {
    const worker = this.worker ?? this.startWorker();
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Only outstanding requests keep the process alive: an idle engine must not stop a CLI from exiting.
      worker.ref();
      worker.postMessage({ id, ...request });
    });
  }

  private startWorker(): Worker {
    const worker = new Worker(WORKER_FILE);
    worker.on('message', (reply: Reply) => this.settle(reply));
    worker.on('error', (error) =>
      this.fail(worker, new InferenceError(`the inference thread failed: ${error.message}`)),
    );
    worker.on('exit', (code) =>
      this.fail(worker, new InferenceError(`the inference thread stopped (exit code ${code})`)),
    );
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private settle(reply: Reply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.error) waiting.reject(new InferenceError(`${reply.error.name}: ${reply.error.message}`));
    else waiting.resolve(reply);
  }

  /** A dead inference thread fails what it was doing; the next request starts a fresh one with fresh sessions. */
  private fail(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.sessions.clear();
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of waiting) reject(error);
  }
}
