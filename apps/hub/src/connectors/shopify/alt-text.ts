import { createHash } from 'node:crypto';

/** Shopify refuses media alt text longer than this. */
export const ALT_TEXT_LIMIT = 512;

/** Cuts alt text to Shopify's limit at a word boundary, with an ellipsis when anything was cut. */
export function fitAltText(text: string, limit = ALT_TEXT_LIMIT): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= limit) return clean;
  const cut = clean.slice(0, limit - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > limit / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

const sha = (value: string): string => createHash('sha256').update(value).digest('hex').slice(0, 32);

/**
 * What the hub remembers about a media item it handled (ConnectorItem.contentHash): which image it tagged and
 * which alt text it wrote, so an unchanged image is not tagged again and the hub can tell its own alt text
 * from a person's.
 */
export interface MediaMemory {
  imageHash: string;
  /** Hash of the alt text the hub wrote, or '' when it wrote none. */
  altHash: string;
  /** Tagged, writes not yet confirmed: `altHash` is still the previous write's. */
  pending?: boolean;
}

export const imageHashOf = (url: string): string => sha(new URL(url).pathname);
export const altHashOf = (alt: string): string => sha(alt);

export const encodeMemory = (memory: MediaMemory): string =>
  `${memory.imageHash}:${memory.altHash}${memory.pending ? ':pending' : ''}`;

export function decodeMemory(contentHash: string | undefined): MediaMemory | undefined {
  if (!contentHash) return undefined;
  const [imageHash = '', altHash = '', state] = contentHash.split(':');
  return state === 'pending' ? { imageHash, altHash, pending: true } : { imageHash, altHash };
}

/** True when the media's current alt text came from a person: non-empty and not what the hub last wrote. */
export function altWrittenByPerson(currentAlt: string | null | undefined, memory: MediaMemory | undefined): boolean {
  const alt = (currentAlt ?? '').trim();
  if (alt === '') return false;
  return !memory || memory.altHash === '' || memory.altHash !== altHashOf(alt);
}

/** Product tags from the engine's labels: prefixed, de-duplicated, without the ones the product already has. */
export function newProductTags(labels: string[], prefix: string, existing: string[], max = 10): string[] {
  const have = new Set(existing.map((tag) => tag.toLowerCase()));
  const out: string[] = [];
  for (const label of labels) {
    const tag = `${prefix}${label}`.trim().slice(0, 255);
    if (!tag || have.has(tag.toLowerCase())) continue;
    have.add(tag.toLowerCase());
    out.push(tag);
    if (out.length >= max) break;
  }
  return out;
}
