/** Polls `probe` until it answers something other than undefined or false, or fails after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `until` for probes of processes being killed and restarted: a probe that throws (refused, reset) counts as not yet. */
export function untilReachable<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs?: number): Promise<T> {
  return until(what, () => probe().catch(() => undefined), timeoutMs);
}
