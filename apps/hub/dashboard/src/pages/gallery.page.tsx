import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageBulk, ImageView, Language } from '@tagphoto/contracts';
import { LANGUAGE_NAMES } from '@tagphoto/contracts/languages';
import { answer, hub, messageOf } from '../api';
import { CsvTools } from '../components/csv-tools';
import { GalleryFilters } from '../components/gallery-filters';
import { ImageCard } from '../components/image-card';
import { Notice, Page } from '../components/page';
import { UploadZone } from '../components/upload-zone';
import { type GalleryFilter, galleryQuery, type GalleryQuery, gallerySummary, NO_FILTER } from '../gallery-filter';
import { bulkSummary } from '../library-report';

const PAGE_SIZE = 100;
/** The form rests this long before the hub is asked: one search per word typed, not per key. */
const TYPING_PAUSE_MS = 300;

type BulkAction = ImageBulk['action'];

/**
 * Upload, then every image of the owner's with its status, title, alt text and tags; search and filter on the hub (tag,
 * words, status, source, language, dates, needing review); export and import CSV; delete, approve or tag again the
 * images picked by hand or every one matching the filters.
 */
export function GalleryPage() {
  const { t } = useTranslation();
  const [images, setImages] = useState<ImageView[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string>();
  const [draft, setDraft] = useState<GalleryFilter>(NO_FILTER);
  const [query, setQuery] = useState<GalleryQuery>({});
  const filtered = Object.keys(query).length > 0;
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  /** Every image matching the filter, including those on pages not loaded yet. */
  const [allMatching, setAllMatching] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [retagLanguage, setRetagLanguage] = useState<Language | ''>('');
  // Only the answer to the latest request is shown: an earlier search that answers late is dropped.
  const latest = useRef(0);
  const confirmButton = useRef<HTMLButtonElement>(null);

  const load = useCallback(async (wanted: GalleryQuery, cursor?: string) => {
    const request = ++latest.current;
    try {
      const page = await answer(hub.GET('/v1/images', { params: { query: { limit: PAGE_SIZE, cursor, ...wanted } } }));
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
    const timer = setTimeout(() => {
      const next = galleryQuery(draft);
      // The same question (a space typed, a field set back) is not asked again.
      setQuery((current) => (JSON.stringify(current) === JSON.stringify(next) ? current : next));
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [draft]);

  useEffect(() => {
    // A new filter is a new set of images: what was picked under the old one is let go.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- load sets state only once its request has answered
    setSelected(new Set());
    setAllMatching(false);
    void load(query);
  }, [load, query]);

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const onFinished = useCallback(
    (image: ImageView) => {
      // A new image joins the list at once; under a filter the hub decides whether it belongs.
      if (filtered) void load(query);
      else setImages((current) => [image, ...current.filter((existing) => existing.id !== image.id)]);
    },
    [load, query, filtered],
  );

  const toggle = (id: string) => {
    if (allMatching) {
      // Unticking one image of "every image" leaves the others shown picked by hand.
      setAllMatching(false);
      setSelected(new Set(images.map((image) => image.id).filter((shown) => shown !== id)));
      return;
    }
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };

  /** Every matching image shown so far, "+" while more pages wait. */
  const shown = `${images.length}${nextCursor ? '+' : ''}`;
  const hasTargets = allMatching ? images.length > 0 : selected.size > 0;

  const run = async (action: BulkAction) => {
    setConfirming(false);
    setBusy(true);
    try {
      const target = allMatching ? { filter: { ...query, tags: 'any' as const } } : { ids: [...selected] };
      const body =
        action === 'retag' ? { action, language: retagLanguage || undefined, ...target } : { action, ...target };
      const result = await answer(hub.POST('/v1/images/bulk', { body }));
      setAnnouncement(bulkSummary(result, t));
      setSelected(new Set());
      setAllMatching(false);
      await load(query);
    } catch (caught) {
      const error = messageOf(caught);
      setAnnouncement(
        {
          delete: t('library.gallery.nothingDeleted', { error }),
          approve: t('library.gallery.nothingApproved', { error }),
          retag: t('library.gallery.nothingRetagged', { error }),
        }[action],
      );
    } finally {
      setBusy(false);
    }
  };

  const filterQuery = filtered ? `?${new URLSearchParams({ ...query }).toString()}` : '';

  return (
    <Page title={t('library.gallery.title')}>
      <UploadZone onFinished={onFinished} />
      <section aria-labelledby="gallery-heading">
        <h2 id="gallery-heading">{t('library.gallery.heading')}</h2>
        <GalleryFilters filter={draft} onChange={setDraft} describedBy="gallery-count" />
        <p id="gallery-count" role="status">
          {loaded && gallerySummary(shown, query, t)}
        </p>
        <CsvTools exportHref={`/v1/images/export.csv${filterQuery}`} onImported={() => void load(query)} />
        {images.length > 0 && (
          <div className="review-toolbar" role="group" aria-label={t('library.gallery.actOnSeveral')}>
            <input
              id="gallery-all-matching"
              type="checkbox"
              checked={allMatching}
              onChange={() => setAllMatching(!allMatching)}
            />
            <label htmlFor="gallery-all-matching">
              {filtered ? t('library.gallery.everyMatching') : t('library.gallery.everyImage')}
            </label>
            <button type="button" disabled={!hasTargets || busy} onClick={() => void run('approve')}>
              {allMatching
                ? t('library.gallery.approveAll', { shown })
                : t('library.gallery.approveSelected', { count: selected.size })}
            </button>
            <label htmlFor="gallery-retag-language">{t('library.gallery.language')}</label>
            <select
              id="gallery-retag-language"
              value={retagLanguage}
              onChange={(event) => setRetagLanguage(event.currentTarget.value as Language | '')}
            >
              <option value="">{t('library.gallery.eachOwnLanguage')}</option>
              {Object.entries(LANGUAGE_NAMES).map(([code, name]) => (
                <option key={code} value={code}>
                  {name}
                </option>
              ))}
            </select>
            <button type="button" disabled={!hasTargets || busy} onClick={() => void run('retag')}>
              {allMatching
                ? t('library.gallery.retagAll', { shown })
                : t('library.gallery.retagSelected', { count: selected.size })}
            </button>
            <button
              type="button"
              className="button-danger"
              disabled={!hasTargets || busy}
              onClick={() => setConfirming(true)}
            >
              {allMatching
                ? t('library.gallery.deleteAll', { shown })
                : t('library.gallery.deleteSelected', { count: selected.size })}
            </button>
          </div>
        )}
        {confirming && (
          <div role="alertdialog" aria-labelledby="gallery-confirm-text" className="notice notice-error">
            <p id="gallery-confirm-text">
              {allMatching
                ? t('library.gallery.confirmAll', { shown })
                : t('library.gallery.confirmSelected', { count: selected.size })}
            </p>
            <div className="actions">
              <button ref={confirmButton} type="button" className="button-danger" onClick={() => void run('delete')}>
                {t('library.gallery.confirmDelete')}
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                {t('library.gallery.cancel')}
              </button>
            </div>
          </div>
        )}
        <p role="status" className="review-announcement">
          {announcement}
        </p>
        {error && <Notice kind="error">{t('library.gallery.loadFailed', { error })}</Notice>}
        <ul className="gallery">
          {images.map((image) => (
            <ImageCard
              key={image.id}
              image={image}
              selection={{ checked: allMatching || selected.has(image.id), onChange: () => toggle(image.id) }}
            />
          ))}
        </ul>
        {nextCursor && (
          <button type="button" onClick={() => void load(query, nextCursor)}>
            {t('library.gallery.loadMore')}
          </button>
        )}
      </section>
    </Page>
  );
}
