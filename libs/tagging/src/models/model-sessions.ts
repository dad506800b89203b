import type { InferenceSession, Tensor } from 'onnxruntime-node';

/**
 * Shared, lazily created onnxruntime sessions, one per model id (implemented in model-sessions.impl or
 * similar by the engine). `run` is safe to call concurrently.
 */
export interface ModelSessions {
  /** True when the model file is present and verified (optional packs may be absent). */
  has(modelId: string): Promise<boolean>;
  session(modelId: string): Promise<InferenceSession>;
  run(modelId: string, feeds: Record<string, Tensor>): Promise<InferenceSession.ReturnType>;
  /** Version string of a model, for `result.models`. */
  version(modelId: string): string;
}
