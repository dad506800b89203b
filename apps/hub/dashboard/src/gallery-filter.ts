import type { ImageView } from '@tagphoto/contracts';

/** Images with a tag matching the query (case-insensitive, by prefix of any word of the label); all of them for an empty query. */
export function filterByTag(images: readonly ImageView[], query: string): ImageView[] {
  const wanted = query.trim().toLowerCase();
  if (!wanted) return [...images];
  return images.filter((image) =>
    (image.result?.tags ?? []).some((tag) => {
      const label = tag.label.toLowerCase();
      return label === wanted || label.startsWith(wanted) || label.split(/\s+/).some((word) => word.startsWith(wanted));
    }),
  );
}

/** What an image's thumbnail says to someone who cannot see it: its own alt text, else what is known so far. */
export function thumbnailAlt(image: ImageView): string {
  if (image.result?.altText) return image.result.altText;
  const name = image.fileName ?? 'Image';
  return image.status === 'failed' ? `${name} (could not be tagged)` : `${name} (being tagged, no alt text yet)`;
}
