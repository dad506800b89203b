import type { TFunction } from 'i18next';
import type { ImageSource, ImageStatus, ImageView, Language } from '@tagphoto/contracts';

/** What an image's thumbnail says to someone who cannot see it: its own alt text, else what is known so far. */
export function thumbnailAlt(image: ImageView, t: TFunction): string {
  if (image.result?.altText) return image.result.altText;
  const name = image.fileName ?? t('library.thumbnail.image');
  return image.status === 'failed' ? t('library.thumbnail.failed', { name }) : t('library.thumbnail.tagging', { name });
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

/**
 * The line under the filters: how many images are shown (`shown` may read "100+" while more pages wait), and what
 * they match.
 */
export function gallerySummary(shown: string, query: GalleryQuery, t: TFunction): string {
  const count = Number.parseInt(shown, 10);
  const asked = Object.keys(query);
  if (asked.length === 0) return t('library.gallery.summary.all', { count, shown });
  if (asked.length === 1 && query.tag) return t('library.gallery.summary.tag', { count, shown, tag: query.tag });
  return t('library.gallery.summary.filters', { count, shown });
}

/** How the filter's choices read. */
export const statusNames = (t: TFunction): Record<ImageStatus, string> => ({
  queued: t('library.filters.statusNames.queued'),
  processing: t('library.filters.statusNames.processing'),
  done: t('library.filters.statusNames.done'),
  failed: t('library.filters.statusNames.failed'),
});

/** Where an image came from; the names of products and of the API read the same in every language. */
export const sourceNames = (t: TFunction): Record<ImageSource, string> => ({
  upload: t('library.filters.sourceNames.upload'),
  api: 'API',
  url: t('library.filters.sourceNames.url'),
  shopify: 'Shopify',
  drive: 'Google Drive',
  slack: 'Slack',
  wordpress: 'WordPress',
});
