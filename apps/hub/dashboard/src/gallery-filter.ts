import type { ImageView } from '@tagphoto/contracts';

/** What an image's thumbnail says to someone who cannot see it: its own alt text, else what is known so far. */
export function thumbnailAlt(image: ImageView): string {
  if (image.result?.altText) return image.result.altText;
  const name = image.fileName ?? 'Image';
  return image.status === 'failed' ? `${name} (could not be tagged)` : `${name} (being tagged, no alt text yet)`;
}
