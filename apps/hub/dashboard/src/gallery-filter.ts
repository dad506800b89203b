import type { ImageSource, ImageStatus, ImageView, Language } from '@tagphoto/contracts';

/** What an image's thumbnail says to someone who cannot see it: its own alt text, else what is known so far. */
export function thumbnailAlt(image: ImageView): string {
  if (image.result?.altText) return image.result.altText;
  const name = image.fileName ?? 'Image';
  return image.status === 'failed' ? `${name} (could not be tagged)` : `${name} (being tagged, no alt text yet)`;
}

/** What the gallery's filter form holds; an empty field asks nothing. */
export interface GalleryFilter {
  tag: string;
  /** Words in the title, alt text, description or text read in the image. */
  words: string;
  status: ImageStatus | '';
  source: ImageSource | '';
  language: Language | '';
  /** Days (yyyy-mm-dd), both included. */
  from: string;
  to: string;
  needsReview: boolean;
}

export const NO_FILTER: GalleryFilter = {
  tag: '',
  words: '',
  status: '',
  source: '',
  language: '',
  from: '',
  to: '',
  needsReview: false,
};

/** The GET /v1/images filters the form asks for (also those of the CSV export and of "every image matching"). */
export interface GalleryQuery {
  tag?: string;
  q?: string;
  status?: ImageStatus;
  source?: ImageSource;
  language?: Language;
  from?: string;
  to?: string;
  review?: 'needed';
}

export function galleryQuery(filter: GalleryFilter): GalleryQuery {
  const tag = filter.tag.trim();
  const words = filter.words.trim();
  return {
    ...(tag && { tag }),
    ...(words && { q: words }),
    ...(filter.status && { status: filter.status }),
    ...(filter.source && { source: filter.source }),
    ...(filter.language && { language: filter.language }),
    ...(filter.from && { from: filter.from }),
    ...(filter.to && { to: filter.to }),
    ...(filter.needsReview && { review: 'needed' as const }),
  };
}

/** The line under the filters: how many images are shown, and what they match. */
export function gallerySummary(shown: string, query: GalleryQuery): string {
  const one = shown === '1';
  const images = `${shown} ${one ? 'image' : 'images'}`;
  const asked = Object.keys(query);
  if (asked.length === 0) return `${images}.`;
  if (asked.length === 1 && query.tag) return `${images} ${one ? 'has' : 'have'} the tag “${query.tag}”.`;
  return `${images} ${one ? 'matches' : 'match'} the filters.`;
}

/** How the filter's choices read. */
export const STATUS_NAMES: Record<ImageStatus, string> = {
  queued: 'Waiting',
  processing: 'Being tagged',
  done: 'Tagged',
  failed: 'Could not be tagged',
};
export const SOURCE_NAMES: Record<ImageSource, string> = {
  upload: 'Uploaded here',
  api: 'API',
  url: 'API, from an address',
  shopify: 'Shopify',
  drive: 'Google Drive',
  slack: 'Slack',
  wordpress: 'WordPress',
};
