import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InferenceSession, type Tensor } from 'onnxruntime-node';
import type { ModelSessions } from '../../../models/model-sessions';
import { OCR_MODELS } from '../../../models/ocr-models';
import { ocrModelsPackageDir } from '../ppocr-dictionary';

/** Test stand-in for the engine's ModelSessions: one onnxruntime session per OCR model file, no checksum. */
export class OcrTestModelSessions implements ModelSessions {
  private readonly sessions = new Map<string, Promise<InferenceSession>>();
  private readonly paths = new Map(
    OCR_MODELS.map((entry) => [entry.id, join(ocrModelsPackageDir(), entry.source.kind === 'pack' ? entry.source.fileName : entry.source.path)]),
  );

  async has(modelId: string): Promise<boolean> {
    const path = this.paths.get(modelId);
    return path !== undefined && existsSync(path);
  }

  session(modelId: string): Promise<InferenceSession> {
    const path = this.paths.get(modelId);
    if (!path) throw new Error(`Unknown OCR model id ${modelId}`);
    let session = this.sessions.get(modelId);
    if (!session) {
      session = InferenceSession.create(path, { intraOpNumThreads: 2 });
      this.sessions.set(modelId, session);
    }
    return session;
  }

  async run(modelId: string, feeds: Record<string, Tensor>): Promise<InferenceSession.ReturnType> {
    return (await this.session(modelId)).run(feeds);
  }

  version(modelId: string): string {
    return OCR_MODELS.find((entry) => entry.id === modelId)?.version ?? 'unknown';
  }

  async release(): Promise<void> {
    for (const session of this.sessions.values()) await (await session).release();
    this.sessions.clear();
  }
}
