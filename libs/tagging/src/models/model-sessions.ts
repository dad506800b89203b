import type { InferenceSession, Tensor } from 'onnxruntime-node';

/**
 * Shared, lazily created onnxruntime sessions, one per model id (see OnnxModelSessions). `run` is safe to
 * call concurrently.
 */
export interface ModelSessions {
  /** True when the model file is present and verified (optional packs may be absent). */
  has(modelId: string): Promise<boolean>;
  /** Creates the model's session now instead of on its first run. */
  load(modelId: string): Promise<void>;
  run(modelId: string, feeds: Record<string, Tensor>): Promise<InferenceSession.ReturnType>;
  /** Version string of a model, for `result.models`. */
  version(modelId: string): string;
}
