import { availableParallelism } from 'node:os';
import { InferenceSession, type Tensor } from 'onnxruntime-node';
import { ModelMissingError } from '../errors';
import type { ModelSessions } from './model-sessions';
import type { ModelStore } from './model-store';

export interface OnnxSessionsOptions {
  /** Threads each session may use inside one operator; default: the number of cores. */
  intraOpNumThreads?: number;
}

/**
 * Models fed images of varying size (OCR) run without onnxruntime's CPU arena: the arena keeps every block
 * it ever grew to, some 300 MB after a few pages. Fixed-size models keep it: their arena stops growing
 * after the first run and saves allocations on every later one.
 */
export function hasVariableImageSize(shape: readonly number[]): boolean {
  return shape.slice(2).some((dimension) => dimension < 0);
}

/** One lazily created onnxruntime session per model id, shared by every concurrent analyze call. */
export class OnnxModelSessions implements ModelSessions {
  private readonly sessions = new Map<string, Promise<InferenceSession>>();
  private readonly intraOpNumThreads: number;

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

  session(modelId: string): Promise<InferenceSession> {
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
    return (await this.session(modelId)).run(feeds);
  }

  version(modelId: string): string {
    return this.store.entry(modelId).version;
  }

  /** Ids of the sessions created so far. */
  loaded(): string[] {
    return [...this.sessions.keys()];
  }

  async close(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    const settled = await Promise.allSettled(sessions);
    await Promise.all(settled.map((result) => (result.status === 'fulfilled' ? result.value.release() : undefined)));
  }

  private async create(modelId: string): Promise<InferenceSession> {
    const path = await this.store.require(modelId);
    return InferenceSession.create(path, {
      intraOpNumThreads: this.intraOpNumThreads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      enableCpuMemArena: !hasVariableImageSize(this.store.entry(modelId).input.shape),
      // Analyzers run concurrently: spinning worker threads would steal the cores the other sessions need.
      extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
    });
  }
}
