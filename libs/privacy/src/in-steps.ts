import { createHash } from 'node:crypto';

/**
 * Bytes hashed, encrypted or decrypted between two turns of the event loop when large buffers are worked through in
 * steps: about half a millisecond of SHA-256 or AES-GCM, so a request that arrives meanwhile waits no longer than that.
 */
export const STEP_BYTES = 1024 * 1024;

/** Lets the timers and I/O that became due run before the next step. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The SHA-256 of `bytes` (hex), a megabyte at a time with the event loop free in between. WebCrypto's digest runs on
 * the thread pool but first copies its whole input on the calling thread, which held the loop for tens of
 * milliseconds per large upload.
 */
export async function sha256InSteps(bytes: Buffer): Promise<string> {
  const hash = createHash('sha256');
  for (let offset = 0; offset < bytes.length; offset += STEP_BYTES) {
    if (offset > 0) await nextTurn();
    hash.update(bytes.subarray(offset, offset + STEP_BYTES));
  }
  return hash.digest('hex');
}
