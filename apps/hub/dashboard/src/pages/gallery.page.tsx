import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImageView } from '@tagphoto/contracts';
import { answer, hub, messageOf } from '../api';
import { ImageCard } from '../components/image-card';
import { Notice, Page } from '../components/page';
import { UploadZone } from '../components/upload-zone';

const PAGE_SIZE = 100;
/** Typing pauses this long before the hub is asked: one search per word typed, not per key. */
const TYPING_PAUSE_MS = 300;

/** Upload, then every image of the owner's with its status, title, alt text and tags; filter by tag on the hub. */
export function GalleryPage() {
  const [images, setImages] = useState<ImageView[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string>();
  const [query, setQuery] = useState('');
  const [tag, setTag] = useState('');
  // Only the answer to the latest request is shown: an earlier search that answers late is dropped.
  const latest = useRef(0);

  const load = useCallback(async (wanted: string, cursor?: string) => {
    const request = ++latest.current;
    try {
      const page = await answer(
        hub.GET('/v1/images', { params: { query: { limit: PAGE_SIZE, cursor, tag: wanted || undefined } } }),
      );
      if (request !== latest.current) return;
      setImages((current) => (cursor ? [...current, ...page.items] : page.items));
      setNextCursor(page.nextCursor);
      setError(undefined);
    } catch (caught) {
      if (request === latest.current) setError(messageOf(caught));
    } finally {
      if (request === latest.current) setLoaded(true);
    }
  }, []);

  useEffect(() => {
    const timer = setTimeout(() => setTag(query.trim()), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [query]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- load sets state only once its request has answered
    void load(tag);
  }, [load, tag]);

  const onFinished = useCallback(
    (image: ImageView) => {
      // A new image joins the list at once; under a tag filter the hub decides whether it belongs.
      if (tag) void load(tag);
      else setImages((current) => [image, ...current.filter((existing) => existing.id !== image.id)]);
    },
    [load, tag],
  );

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
            (tag
              ? `${images.length}${nextCursor ? '+' : ''} images have the tag “${tag}”.`
              : `${images.length}${nextCursor ? '+' : ''} images.`)}
        </p>
        {error && <Notice kind="error">Could not load your images: {error}</Notice>}
        <ul className="gallery">
          {images.map((image) => (
            <ImageCard key={image.id} image={image} />
          ))}
        </ul>
        {nextCursor && (
          <button type="button" onClick={() => void load(tag, nextCursor)}>
            Load more images
          </button>
        )}
      </section>
    </Page>
  );
}
