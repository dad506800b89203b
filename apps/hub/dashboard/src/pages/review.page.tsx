import { useCallback, useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { Trans, useTranslation } from 'react-i18next';
import type { ReviewBulkResult, ReviewEdit, ReviewItem } from '@tagphoto/contracts';
import { answer, hub, messageOf } from '../api';
import { Thumbnail } from '../components/image-card';
import { Notice, Page } from '../components/page';
import { formText } from '../form-text';
import { useReviewCount } from '../review-count';
import { moved, shortcutOf, summarize } from '../review-queue';

const PAGE_SIZE = 50;

const nameOf = (item: ReviewItem, t: TFunction): string =>
  item.title || item.context || item.fileName || t('library.review.untitled');

/**
 * What the engine was unsure of and what connections hold for a person: approve, edit or reject one item or the
 * selected ones, by mouse or keyboard (j/k move, x select, a approve, e edit, r reject).
 */
export function ReviewPage() {
  const { t } = useTranslation();
  const [items, setItems] = useState<ReviewItem[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string>();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // The item the keyboard is on, by id: a focus event from a row rendered before the list changed still names it right.
  const [activeId, setActiveId] = useState<string>();
  const [editing, setEditing] = useState<string>();
  const [announcement, setAnnouncement] = useState('');
  const [busy, setBusy] = useState(false);
  const { count, setCount } = useReviewCount();
  const rows = useRef(new Map<string, HTMLLIElement>());
  /** Set when the list changes under the keyboard: the active row takes focus once it is rendered. */
  const refocus = useRef(false);
  const active = Math.max(
    items.findIndex((item) => item.id === activeId),
    0,
  );
  const selectAll = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);

  const load = useCallback(
    async (cursor?: string) => {
      try {
        const page = await answer(hub.GET('/v1/review', { params: { query: { limit: PAGE_SIZE, cursor } } }));
        setItems((current) => (cursor ? [...current, ...page.items] : page.items));
        setNextCursor(page.nextCursor);
        setCount(page.total);
        setError(undefined);
      } catch (caught) {
        setError(messageOf(caught));
      } finally {
        setLoaded(true);
      }
    },
    [setCount],
  );

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- load sets state only once its request has answered
    void load();
  }, [load]);

  const focusRow = useCallback((item: ReviewItem | undefined) => {
    if (item) rows.current.get(item.id)?.focus();
  }, []);

  /** Takes the decided items off the list and keeps the keyboard where it was. */
  const settle = useCallback(
    (results: ReviewBulkResult['results'], action: 'approve' | 'edit' | 'reject') => {
      const decided = new Set(results.filter((result) => result.decision !== null).map((result) => result.id));
      const remaining = items.filter((item) => !decided.has(item.id));
      // The keyboard goes on to the first item left at or after where it was.
      const next = items.slice(active).find((item) => !decided.has(item.id)) ?? remaining[remaining.length - 1];
      setItems(remaining);
      setSelected((current) => new Set([...current].filter((id) => !decided.has(id))));
      setActiveId(next?.id);
      setEditing(undefined);
      if (count !== undefined) setCount(Math.max(count - decided.size, 0));
      setAnnouncement(summarize(action, results, t));
      refocus.current = true;
    },
    [items, active, count, setCount, t],
  );

  const decide = useCallback(
    async (action: 'approve' | 'reject', ids: string[]) => {
      if (ids.length === 0 || busy) return;
      setBusy(true);
      try {
        const request =
          action === 'approve'
            ? hub.POST('/v1/review/approve', { body: { ids } })
            : hub.POST('/v1/review/reject', { body: { ids } });
        const { results } = await answer(request);
        settle(results, action);
      } catch (caught) {
        const error = messageOf(caught);
        setAnnouncement(
          action === 'approve'
            ? t('library.review.nothingApproved', { error })
            : t('library.review.nothingRejected', { error }),
        );
      } finally {
        setBusy(false);
      }
    },
    [busy, settle, t],
  );

  const saveEdit = async (event: FormEvent<HTMLFormElement>, item: ReviewItem) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const edit: ReviewEdit = {};
    const altText = formText(form, 'altText').trim();
    const title = formText(form, 'title').trim();
    // Only what the person changed is sent, so only that is marked as theirs.
    if (altText && altText !== item.altText) edit.altText = altText;
    if (title && title !== (item.title ?? '')) edit.title = title;
    if (edit.altText === undefined && edit.title === undefined) {
      setAnnouncement(t('library.review.nothingChanged'));
      return;
    }
    setBusy(true);
    try {
      const results = (await answer(hub.POST('/v1/review/edit', { body: { edits: [{ id: item.id, ...edit }] } })))
        .results;
      settle(results, 'edit');
    } catch (caught) {
      setAnnouncement(t('library.review.notSaved', { error: messageOf(caught) }));
    } finally {
      setBusy(false);
    }
  };

  const cancelEdit = (item: ReviewItem) => {
    setEditing(undefined);
    setActiveId(item.id);
    refocus.current = true;
  };

  const toggle = useCallback((id: string) => {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  /** Selected items when there are any, else the one the keyboard is on. */
  const targets = useCallback(
    (): string[] => (selected.size > 0 ? [...selected] : items[active] ? [items[active].id] : []),
    [selected, items, active],
  );

  // A layout effect: the listener follows the list before the browser handles the next key, never a stale one.
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (editing !== undefined || items.length === 0) return;
      const { key, ctrlKey, altKey, metaKey } = event;
      const shortcut = shortcutOf({ key, ctrlKey, altKey, metaKey, target: event.target as HTMLElement | null });
      if (!shortcut) return;
      event.preventDefault();
      const current = items[active];
      if (shortcut === 'next' || shortcut === 'previous') {
        // From outside the list (the heading after navigation), the first key lands on the current item.
        const inList = list.current?.contains(document.activeElement) ?? false;
        const index = inList ? moved(active, shortcut === 'next' ? 1 : -1, items.length) : active;
        setActiveId(items[index]?.id);
        focusRow(items[index]);
      } else if (shortcut === 'select' && current) toggle(current.id);
      else if (shortcut === 'edit' && current) setEditing(current.id);
      else if (shortcut === 'approve' || shortcut === 'reject') void decide(shortcut, targets());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, active, editing, toggle, decide, targets, focusRow]);

  useLayoutEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    focusRow(items[active]);
  });

  // The edit form opens with its alt text ready to type in.
  useEffect(() => {
    if (editing !== undefined) document.getElementById(`review-${editing}-alt`)?.focus();
  }, [editing]);

  const allSelected = items.length > 0 && items.every((item) => selected.has(item.id));
  useEffect(() => {
    if (selectAll.current) selectAll.current.indeterminate = selected.size > 0 && !allSelected;
  }, [selected, allSelected]);

  return (
    <Page title={t('library.review.title')}>
      <p id="review-help">
        <Trans i18nKey="library.review.help" components={{ kbd: <kbd /> }} />
      </p>
      {error && <Notice kind="error">{t('library.review.loadFailed', { error })}</Notice>}
      <p role="status" aria-live="polite" className="review-announcement">
        {announcement}
      </p>
      {loaded && items.length === 0 && !error && <p>{t('library.review.empty')}</p>}
      {items.length > 0 && (
        <>
          <div className="review-toolbar">
            <input
              ref={selectAll}
              id="review-select-all"
              type="checkbox"
              checked={allSelected}
              onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((item) => item.id)))}
            />
            <label htmlFor="review-select-all">{t('library.review.selectAll', { count: items.length })}</label>
            <button
              type="button"
              disabled={selected.size === 0 || busy}
              onClick={() => void decide('approve', [...selected])}
            >
              {t('library.review.approveSelected', { count: selected.size })}
            </button>
            <button
              type="button"
              disabled={selected.size === 0 || busy}
              onClick={() => void decide('reject', [...selected])}
            >
              {t('library.review.rejectSelected', { count: selected.size })}
            </button>
            <span>{count !== undefined && t('library.review.waitingInAll', { count })}</span>
          </div>
          <ul ref={list} className="review-list" aria-label={t('library.review.list')} aria-describedby="review-help">
            {items.map((item, index) => {
              const name = nameOf(item, t);
              const headingId = `review-${item.id}-name`;
              return (
                <li
                  key={item.id}
                  ref={(element) => {
                    if (element) rows.current.set(item.id, element);
                    else rows.current.delete(item.id);
                  }}
                  tabIndex={index === active ? 0 : -1}
                  aria-labelledby={headingId}
                  className={index === active ? 'review-item review-item-active' : 'review-item'}
                  onFocus={(event) => {
                    if (event.target === event.currentTarget) setActiveId(item.id);
                  }}
                >
                  <input
                    type="checkbox"
                    id={`review-${item.id}-select`}
                    checked={selected.has(item.id)}
                    onChange={() => toggle(item.id)}
                    aria-labelledby={`review-${item.id}-select-label ${headingId}`}
                  />
                  <span id={`review-${item.id}-select-label`} className="visually-hidden">
                    {t('library.review.select')}
                  </span>
                  <Thumbnail image={item} alt={item.altText || t('library.review.noAltText', { name })} />
                  <div className="stack">
                    <h2 id={headingId}>{name}</h2>
                    {item.kind === 'suggestion' && item.context && (
                      <p>{t('library.review.suggestedFor', { target: item.context })}</p>
                    )}
                    {!item.stored && item.imageUrl && (
                      // The dashboard shows only the hub's own copies; the provider's picture opens where it is served.
                      <p>
                        <a href={item.imageUrl} target="_blank" rel="noopener noreferrer">
                          {t('library.review.seePicture')}
                          <span className="visually-hidden"> {t('library.review.newTab')}</span>
                        </a>
                      </p>
                    )}
                    <p className="alt-text">
                      <span className="field-name">{t('library.review.altText')}</span> {item.altText || '—'}
                    </p>
                    {item.title && (
                      <p>
                        <span className="field-name">{t('library.review.titleField')}</span> {item.title}
                      </p>
                    )}
                    <p>
                      <span className="badge badge-review">{t('library.review.why')}</span>{' '}
                      {item.reasons.length > 0 ? item.reasons.join(', ') : t('library.review.heldByConnection')}
                    </p>
                    {editing === item.id ? (
                      <form
                        className="stack"
                        aria-label={t('library.review.editName', { name })}
                        onSubmit={(event) => void saveEdit(event, item)}
                        onKeyDown={(event) => {
                          if (event.key === 'Escape') cancelEdit(item);
                        }}
                      >
                        <label htmlFor={`review-${item.id}-alt`}>{t('library.review.altTextLabel')}</label>
                        <textarea
                          id={`review-${item.id}-alt`}
                          name="altText"
                          defaultValue={item.altText}
                          rows={3}
                          maxLength={1000}
                        />
                        <label htmlFor={`review-${item.id}-title`}>{t('library.review.titleLabel')}</label>
                        <input
                          id={`review-${item.id}-title`}
                          name="title"
                          type="text"
                          defaultValue={item.title ?? ''}
                          maxLength={300}
                        />
                        <div className="actions">
                          <button type="submit" disabled={busy}>
                            {t('library.review.saveAndApprove')}
                          </button>
                          <button type="button" onClick={() => cancelEdit(item)}>
                            {t('library.review.cancel')}
                          </button>
                        </div>
                      </form>
                    ) : (
                      <div className="actions">
                        <button
                          type="button"
                          disabled={busy}
                          aria-describedby={headingId}
                          onClick={() => void decide('approve', [item.id])}
                        >
                          {t('library.review.approve')}
                        </button>
                        <button type="button" aria-describedby={headingId} onClick={() => setEditing(item.id)}>
                          {t('library.review.edit')}
                        </button>
                        <button
                          type="button"
                          disabled={busy}
                          aria-describedby={headingId}
                          onClick={() => void decide('reject', [item.id])}
                        >
                          {t('library.review.reject')}
                        </button>
                      </div>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
          {nextCursor && (
            <button type="button" onClick={() => void load(nextCursor)}>
              {t('library.review.loadMore')}
            </button>
          )}
        </>
      )}
    </Page>
  );
}
