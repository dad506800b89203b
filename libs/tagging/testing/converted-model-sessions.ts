import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertAll } from '../../../tools/models/convert-tfjs';
import { decodeImage } from '../src/decode/decode';
import type { DecodedImage } from '../src/decode/decoded-image';
import { CONVERTED_MODELS } from '../src/models/converted-models';
import { ModelStore } from '../src/models/model-store';
import { OnnxModelSessions } from '../src/models/onnx-sessions';

export const PHOTOS_DIR = join(__dirname, '..', 'fixtures', 'photos');

/** Decodes a checked-in photo with the engine's own decoder. */
export function photo(name: string): Promise<DecodedImage> {
  return decodeImage(readFileSync(join(PHOTOS_DIR, name)));
}

/**
 * Converts the TF.js models into a fresh temporary cache (≈1 s) and opens them through the engine's
 * model store, which checks each file against the manifest sha256: no state from earlier runs is used.
 */
export function convertedModelSessions(ids: string[]): { sessions: OnnxModelSessions; dispose: () => Promise<void> } {
  const cacheDir = mkdtempSync(join(tmpdir(), 'tagphoto-models-'));
  convertAll({ cacheDir, ids });
  const store = new ModelStore(CONVERTED_MODELS, { cacheDir, env: {} });
  const sessions = new OnnxModelSessions(store, { intraOpNumThreads: 2 });
  return {
    sessions,
    dispose: async () => {
      await sessions.close();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}
