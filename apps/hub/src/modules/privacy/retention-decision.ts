import { blobExpiry, type FinishedImage, resultExpiry, type RetentionSetting } from '@tagphoto/privacy';

/** What to do with an image the moment its job ends: delete its bytes now, and when to look at it again. */
export interface AfterTaggingDecision {
  deleteBytesNow: boolean;
  /** The earliest moment its bytes or its result fall due; null when nothing ever does. */
  expiresAt: Date | null;
}

export function decideAfterTagging(retention: RetentionSetting, image: FinishedImage): AfterTaggingDecision {
  const bytesDue = blobExpiry(retention, image);
  const dates = [bytesDue, resultExpiry(retention, image)].filter((due): due is Date => due instanceof Date);
  return {
    deleteBytesNow: bytesDue === 'now',
    expiresAt: dates.length > 0 ? new Date(Math.min(...dates.map(Number))) : null,
  };
}

/**
 * What the sweep does with an image whose expiry has passed: its bytes go in every case; the image and its
 * result go too when the result is due, otherwise the result stays until its own date (or for good).
 */
export type ExpiredImageDecision = { kind: 'delete-image' } | { kind: 'delete-bytes'; resultExpiresAt: Date | null };

/** `retention` is undefined when the owner has no settings (their account is being deleted): the bytes go, nothing else. */
export function decideExpired(
  retention: RetentionSetting | undefined,
  image: FinishedImage,
  now: Date,
): ExpiredImageDecision {
  const resultDue = retention ? resultExpiry(retention, image) : null;
  if (resultDue && resultDue.getTime() <= now.getTime()) return { kind: 'delete-image' };
  return { kind: 'delete-bytes', resultExpiresAt: resultDue };
}
