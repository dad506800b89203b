/** How stale a key's "last used" time may be: it is written at most once per key in this time. */
export const LAST_USED_RESOLUTION_MS = 60_000;
/** Keys remembered before the memory starts over (a forgotten key is written once more, nothing worse). */
const MAX_KEYS = 10_000;

/**
 * Which uses of an API key to write as its "last used" time: the first, then at most one per resolution. Requests
 * with a key are reads more often than not; without this, each would also write the key's row.
 */
export class LastUsedMarks {
  private readonly written = new Map<string, number>();

  /** Whether this use is to be written, remembering it if so. */
  due(keyId: string, now: Date): boolean {
    const last = this.written.get(keyId);
    if (last !== undefined && now.getTime() - last < LAST_USED_RESOLUTION_MS) return false;
    if (this.written.size >= MAX_KEYS) this.written.clear();
    this.written.set(keyId, now.getTime());
    return true;
  }
}
