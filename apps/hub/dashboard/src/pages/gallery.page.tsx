import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ImageView } from '@tagphoto/contracts';
import { answer, hub, messageOf } from '../api';
import { ImageCard } from '../components/image-card';
import { Notice, Page } from '../components/page';
import { UploadZone } from '../components/upload-zone';
import { filterByTag } from '../gallery-filter';

const PAGE_SIZE = 100;

/** Upload, then every image of the owner's with its status, title, alt text and tags; filter by tag. */
export function GalleryPage() {
  const [images, setImages] = useState<ImageView[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string>();
  const [query, setQuery] = useState('');

  const load = useCallback(async (cursor?: string) => {
    try {
      const page = await answer(hub.GET('/v1/images', { params: { query: { limit: PAGE_SIZE, cursor } } }));
      setImages((current) => (cursor ? [...current, ...page.items] : page.items));
      setNextCursor(page.nextCursor);
      setError(undefined);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setLoaded(true);
    }
  }, []);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- load sets state only once its request has answered
    void load();
  }, [load]);

  const onFinished = useCallback((image: ImageView) => {
    setImages((current) => [image, ...current.filter((existing) => existing.id !== image.id)]);
  }, []);

  const shown = useMemo(() => filterByTag(images, query), [images, query]);

  return (
    <Page title="Images">
      <UploadZone onFinished={onFinished} />
      <section aria-labelledby="gallery-heading">
        <h2 id="gallery-heading">Your images</h2>
        <div className="search">
          <label htmlFor="tag-search">Filter by tag</label>
          <input
            id="tag-search"
            type="search"
            value={query}
            onChange={(event) => setQuery(event.currentTarget.value)}
            aria-describedby="gallery-count"
          />
        </div>
        <p id="gallery-count" role="status">
          {loaded &&
            (query.trim()
              ? `${shown.length} of ${images.length} images have a tag matching “${query.trim()}”.`
              : `${images.length} images.`)}
        </p>
        {error && <Notice kind="error">Could not load your images: {error}</Notice>}
        <ul className="gallery">
          {shown.map((image) => (
            <ImageCard key={image.id} image={image} />
          ))}
        </ul>
        {nextCursor && (
          <button type="button" onClick={() => void load(nextCursor)}>
            Load more images
          </button>
        )}
      </section>
    </Page>
  );
}
