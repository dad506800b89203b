import { createHash } from 'node:crypto';
import type { GoogleDriveSettings, TaggingResult } from '@tagphoto/contracts';

/** Drive limits each appProperties entry to 124 bytes of UTF-8, key and value together. */
export const APP_PROPERTY_MAX_BYTES = 124;
const TAGS_IN_DESCRIPTION = 10;

export const APP_PROPERTY = {
  imageId: 'tagphotoImageId',
  tags: 'tagphotoTags',
  /** Fingerprint of the description the hub last wrote: a description that still matches it is the hub's to replace. */
  description: 'tagphotoDescription',
} as const;

/** The description the hub would write for a result, or undefined when the owner turned descriptions off. */
export function composeDescription(
  result: Pick<TaggingResult, 'altText' | 'tags'>,
  mode: GoogleDriveSettings['description'],
): string | undefined {
  if (mode === 'off') return undefined;
  if (mode === 'alt_text' || result.tags.length === 0) return result.altText;
  const tags = result.tags.slice(0, TAGS_IN_DESCRIPTION).map((tag) => tag.label);
  return `${result.altText}\n\nTags: ${tags.join(', ')}`;
}

export function descriptionFingerprint(description: string): string {
  return createHash('sha256').update(description, 'utf8').digest('hex').slice(0, 32);
}

/** Empty descriptions and ones the hub wrote itself may be replaced; a person's only when the owner allows it. */
export function mayReplaceDescription(
  current: string | null | undefined,
  appProperties: Record<string, string> | null | undefined,
  overwriteDescriptions: boolean,
): boolean {
  if (!current?.trim()) return true;
  if (overwriteDescriptions) return true;
  return appProperties?.[APP_PROPERTY.description] === descriptionFingerprint(current);
}

/** Labels joined with commas, as many as fit in one appProperties entry. */
export function tagsProperty(labels: readonly string[]): string {
  const budget = APP_PROPERTY_MAX_BYTES - Buffer.byteLength(APP_PROPERTY.tags);
  let value = '';
  for (const label of labels) {
    const next = value ? `${value},${label}` : label;
    if (Buffer.byteLength(next) > budget) break;
    value = next;
  }
  return value;
}

export interface DriveWriteBack {
  description?: string;
  appProperties: Record<string, string>;
}

/** What files.update sends for a tagged file: always the tags and image id, the description only when it may. */
export function driveWriteBack(
  file: { description?: string | null; appProperties?: Record<string, string> | null },
  imageId: string,
  result: Pick<TaggingResult, 'altText' | 'tags'>,
  settings: Pick<GoogleDriveSettings, 'description' | 'overwriteDescriptions'>,
): DriveWriteBack {
  const appProperties: Record<string, string> = {
    [APP_PROPERTY.imageId]: imageId,
    [APP_PROPERTY.tags]: tagsProperty(result.tags.map((tag) => tag.label)),
  };
  const description = composeDescription(result, settings.description);
  if (
    description === undefined ||
    !mayReplaceDescription(file.description, file.appProperties, settings.overwriteDescriptions)
  ) {
    return { appProperties };
  }
  return {
    description,
    appProperties: { ...appProperties, [APP_PROPERTY.description]: descriptionFingerprint(description) },
  };
}
