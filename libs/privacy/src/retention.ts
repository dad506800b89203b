/** How long an owner keeps a finished image's bytes (and, optionally, its tagging result). */
export type RetentionSetting =
  { mode: 'delete_after_processing' } | { mode: 'days'; days: number; deleteResults: boolean } | { mode: 'keep' };

export interface FinishedImage {
  /** False when the image was sent with store=false: its bytes must not outlive processing. */
  stored: boolean;
  finishedAt: Date;
}

/** When something is due: a moment, right away, or never. */
export type Expiry = Date | 'now' | null;

const DAY_MS = 24 * 60 * 60 * 1000;

export class InvalidRetentionError extends RangeError {
  readonly code = 'invalid_retention';
}

/** When the bytes of a finished image are due for deletion. */
export function blobExpiry(setting: RetentionSetting, image: FinishedImage): Expiry {
  if (!image.stored) return 'now';
  switch (setting.mode) {
    case 'delete_after_processing':
      return 'now';
    case 'days':
      return addDays(image.finishedAt, setting.days);
    case 'keep':
      return null;
  }
}

/**
 * When the tagging result of a finished image is due. Only a day limit removes results: when it covers
 * results, or for images sent with store=false, whose result is all that was kept and lasts the retention period.
 */
export function resultExpiry(setting: RetentionSetting, image: FinishedImage): Date | null {
  if (setting.mode === 'days' && (setting.deleteResults || !image.stored))
    return addDays(image.finishedAt, setting.days);
  return null;
}

/** True once the expiry has passed (or is immediate); never for `null`. */
export function isDue(expiresAt: Expiry, now: Date): boolean {
  if (expiresAt === null) return false;
  return expiresAt === 'now' || expiresAt.getTime() <= now.getTime();
}

function addDays(from: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 1) {
    throw new InvalidRetentionError(`Retention must be a whole number of days, at least 1 (got ${days}).`);
  }
  return new Date(from.getTime() + days * DAY_MS);
}
