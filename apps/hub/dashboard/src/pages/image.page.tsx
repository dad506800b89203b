import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageEdit, ImageHistoryEntry, ImageView, Language } from '@tagphoto/contracts';
import { LANGUAGE_NAMES, LANGUAGES } from '@tagphoto/contracts/languages';
import { DASHBOARD_ROUTES } from '../../../src/dashboard/dashboard-routes';
import { answer, hub, messageOf } from '../api';
import { EditedMark, StatusBadge } from '../components/image-card';
import { Notice, Page } from '../components/page';
import {
  ColourSwatches,
  HistoryList,
  ImageWithBoxes,
  ReviewSummary,
  SafetyRating,
  TagConfidences,
} from '../components/result-sections';
import { Link, useRouter } from '../router';
import { formText } from '../form-text';
import { reviewStateOf } from '../result-view';

/** How often a page whose image is being tagged asks the hub again. */
const POLL_MS = 1000;

const parseTags = (text: string): string[] =>
  text
    .split(',')
    .map((label) => label.trim())
    .filter((label) => label.length > 0);

/** Between the facts on the status line: the same in every language. */
const SEPARATOR = ' · ';

const isFinished = (image: ImageView): boolean => image.status === 'done' || image.status === 'failed';

/**
 * One image: the whole result (objects outlined on the image, tags with confidences, safety, faces, colours, text,
 * review and history), the form where a person corrects the title, alt text and tags, and tagging it again (in
 * another language) or deleting it.
 */
export function ImagePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const [image, setImage] = useState<ImageView>();
  const [history, setHistory] = useState<ImageHistoryEntry[]>();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const confirmQuestion = useRef<HTMLParagraphElement>(null);
  // A re-tag this page asked for: its end is announced once the new result is in.
  const retagging = useRef(false);

  const loadHistory = useCallback(() => {
    answer(hub.GET('/v1/images/{id}/history', { params: { path: { id } } }))
      .then((loaded) => setHistory(loaded.items))
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, [id]);

  useEffect(() => {
    answer(hub.GET('/v1/images/{id}', { params: { path: { id } } }))
      .then(setImage)
      .catch((caught: unknown) => setError(messageOf(caught)));
    loadHistory();
  }, [id, loadHistory]);

  // While the image is (being) tagged, the page follows it until the result is in.
  useEffect(() => {
    if (!image || isFinished(image)) return;
    const timer = setTimeout(() => {
      answer(hub.GET('/v1/images/{id}', { params: { path: { id } } }))
        .then((next) => {
          setImage(next);
          if (!isFinished(next)) return;
          loadHistory();
          if (retagging.current) {
            retagging.current = false;
            setStatus(next.status === 'done' ? t('library.image.retagged') : t('library.image.taggingFailed'));
          }
        })
        .catch((caught: unknown) => setError(messageOf(caught)));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [id, image, loadHistory, t]);

  useEffect(() => {
    if (confirmingDelete) confirmQuestion.current?.focus();
  }, [confirmingDelete]);

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!image?.result) return;
    const form = new FormData(event.currentTarget);
    const edit: ImageEdit = {};
    const title = formText(form, 'title');
    const altText = formText(form, 'altText');
    const tags = parseTags(formText(form, 'tags'));
    // Only what the person changed is sent, so only that is marked as theirs.
    if (title !== image.result.title) edit.title = title;
    if (altText !== image.result.altText) edit.altText = altText;
    if (tags.join(',') !== image.result.tags.map((tag) => tag.label).join(',')) edit.tags = tags;
    if (Object.keys(edit).length === 0) {
      setSaved(t('library.image.nothingChanged'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      setImage(await answer(hub.PATCH('/v1/images/{id}', { params: { path: { id: image.id } }, body: edit })));
      setSaved(t('library.image.saved'));
      loadHistory();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  const retag = async (language?: Language) => {
    if (!image) return;
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const queued = await answer(
        hub.POST('/v1/images/{id}/retag', { params: { path: { id: image.id } }, body: language ? { language } : {} }),
      );
      retagging.current = true;
      setStatus(
        language
          ? t('library.image.retaggingIn', { language: LANGUAGE_NAMES[language] })
          : t('library.image.retagging'),
      );
      setImage(queued);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  const changeLanguage = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const language = formText(new FormData(event.currentTarget), 'language');
    if ((LANGUAGES as readonly string[]).includes(language)) void retag(language as Language);
  };

  const remove = async () => {
    if (!image) return;
    setBusy(true);
    setError(undefined);
    try {
      await answer(hub.DELETE('/v1/images/{id}', { params: { path: { id: image.id } } }));
      navigate(DASHBOARD_ROUTES.gallery);
    } catch (caught) {
      setError(messageOf(caught));
      setBusy(false);
    }
  };

  const title = image?.result?.title || image?.fileName || t('library.image.untitled');
  const result = image?.result;
  const finished = image ? isFinished(image) : false;
  return (
    <Page title={title}>
      <p>
        <Link href={DASHBOARD_ROUTES.gallery}>{t('library.image.back')}</Link>
      </p>
      {error && <Notice kind="error">{error}</Notice>}
      {status && <Notice kind="status">{status}</Notice>}
      {!image && !error && <p role="status">{t('library.image.loading')}</p>}
      {image && (
        <div className="image-detail">
          <div className="stack">
            {result ? (
              <ImageWithBoxes image={image} result={result} />
            ) : (
              <p>{image.status === 'failed' ? t('library.image.noResult') : t('library.image.resultLater')}</p>
            )}
            <section aria-labelledby="actions-heading" className="stack">
              <h2 id="actions-heading">{t('library.image.actionsHeading')}</h2>
              {!image.stored && (
                <p className="hint" id="not-stored-hint">
                  {t('library.image.notStored')}
                </p>
              )}
              <p>
                <button
                  type="button"
                  onClick={() => void retag()}
                  disabled={busy || !finished || !image.stored}
                  aria-describedby={image.stored ? undefined : 'not-stored-hint'}
                >
                  {t('library.image.retag')}
                </button>
              </p>
              <form className="inline-form" onSubmit={changeLanguage} aria-label={t('library.image.changeLanguage')}>
                <label htmlFor="retag-language">{t('library.image.resultLanguage')}</label>
                <select
                  id="retag-language"
                  name="language"
                  defaultValue={result?.language ?? 'en'}
                  key={result?.language}
                >
                  {LANGUAGES.map((language) => (
                    <option key={language} value={language}>
                      {LANGUAGE_NAMES[language]}
                    </option>
                  ))}
                </select>
                <button type="submit" disabled={busy || !finished || !image.stored}>
                  {t('library.image.retagInLanguage')}
                </button>
              </form>
              {confirmingDelete ? (
                <div className="danger stack" role="group" aria-labelledby="delete-question">
                  <p id="delete-question" ref={confirmQuestion} tabIndex={-1}>
                    {t('library.image.deleteQuestion')}
                  </p>
                  <p>
                    <button type="button" className="button-danger" onClick={() => void remove()} disabled={busy}>
                      {t('library.image.confirmDelete')}
                    </button>{' '}
                    <button type="button" onClick={() => setConfirmingDelete(false)}>
                      {t('library.image.keep')}
                    </button>
                  </p>
                </div>
              ) : (
                <p>
                  <button type="button" className="button-danger" onClick={() => setConfirmingDelete(true)}>
                    {t('library.image.delete')}
                  </button>
                </p>
              )}
            </section>
          </div>
          <div className="stack">
            <p>
              {t('library.image.status')} <StatusBadge status={image.status} />
              {image.fileName && (
                <>
                  {SEPARATOR}
                  {t('library.image.file', { name: image.fileName })}
                </>
              )}
              {result && (
                <>
                  {SEPARATOR}
                  {t('library.image.language', { language: LANGUAGE_NAMES[result.language] })}
                </>
              )}
            </p>
            {image.status === 'failed' && (
              <Notice kind="error">{t('library.image.failed', { error: image.error ?? '' })}</Notice>
            )}
            {!finished && <p>{t('library.image.beingTagged')}</p>}
            {result && (
              <>
                <section aria-labelledby="caption-heading">
                  <h2 id="caption-heading">{t('library.image.caption')}</h2>
                  <dl className="result-fields">
                    <dt>{t('library.image.title')}</dt>
                    <dd>{result.title || '—'}</dd>
                    <dt>{t('library.image.altText')}</dt>
                    <dd>{result.altText || '—'}</dd>
                    <dt>{t('library.image.description')}</dt>
                    <dd>{result.description || '—'}</dd>
                  </dl>
                </section>
                <section aria-labelledby="tags-heading">
                  <h2 id="tags-heading">{t('library.image.tags')}</h2>
                  <TagConfidences result={result} />
                </section>
                <section aria-labelledby="safety-heading">
                  <h2 id="safety-heading">{t('library.image.safety')}</h2>
                  <SafetyRating safety={result.safety} />
                </section>
                <section aria-labelledby="faces-heading">
                  <h2 id="faces-heading">{t('library.image.faces')}</h2>
                  <p data-testid="face-count">
                    {result.faces.count === 0
                      ? t('library.image.noFaces')
                      : t('library.image.facesFound', { count: result.faces.count })}
                  </p>
                </section>
                <section aria-labelledby="colours-heading">
                  <h2 id="colours-heading">{t('library.image.mainColours')}</h2>
                  <ColourSwatches colors={result.colors} />
                </section>
                <section aria-labelledby="text-heading">
                  <h2 id="text-heading">{t('library.image.text')}</h2>
                  {result.text ? <p className="ocr-text">{result.text}</p> : <p>{t('library.image.noText')}</p>}
                </section>
                <section aria-labelledby="review-heading">
                  <h2 id="review-heading">{t('library.image.review')}</h2>
                  <ReviewSummary review={reviewStateOf(result.review, history ?? [])} />
                </section>
                <form
                  className="stack"
                  onSubmit={(event) => void save(event)}
                  key={`${image.id}:${result.language}:${result.title}:${result.altText}`}
                >
                  <h2>{t('library.image.edit')}</h2>
                  <label htmlFor="edit-title">
                    {t('library.image.title')} <EditedMark image={image} field="title" />
                  </label>
                  <input id="edit-title" name="title" defaultValue={result.title} maxLength={300} />
                  <label htmlFor="edit-alt-text">
                    {t('library.image.altText')} <EditedMark image={image} field="altText" />
                  </label>
                  <textarea
                    id="edit-alt-text"
                    name="altText"
                    defaultValue={result.altText}
                    maxLength={1000}
                    rows={3}
                    aria-describedby="alt-hint"
                  />
                  <p id="alt-hint" className="hint">
                    {t('library.image.altHint')}
                  </p>
                  <label htmlFor="edit-tags">
                    {t('library.image.tagsField')} <EditedMark image={image} field="tags" />
                  </label>
                  <input id="edit-tags" name="tags" defaultValue={result.tags.map((tag) => tag.label).join(', ')} />
                  <button type="submit" disabled={busy}>
                    {t('library.image.save')}
                  </button>
                  {saved && <Notice kind="status">{saved}</Notice>}
                </form>
              </>
            )}
            <section aria-labelledby="history-heading">
              <h2 id="history-heading">{t('library.image.history')}</h2>
              <HistoryList history={history} />
            </section>
          </div>
        </div>
      )}
    </Page>
  );
}
