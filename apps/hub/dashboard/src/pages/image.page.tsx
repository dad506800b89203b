import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
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

const isFinished = (image: ImageView): boolean => image.status === 'done' || image.status === 'failed';

/**
 * One image: the whole result (objects outlined on the image, tags with confidences, safety, faces, colours, text,
 * review and history), the form where a person corrects the title, alt text and tags, and tagging it again (in
 * another language) or deleting it.
 */
export function ImagePage({ id }: { id: string }) {
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
            setStatus(next.status === 'done' ? 'Tagged again: the result below is the new one.' : 'Tagging failed.');
          }
        })
        .catch((caught: unknown) => setError(messageOf(caught)));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [id, image, loadHistory]);

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
      setSaved('Nothing changed.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      setImage(await answer(hub.PATCH('/v1/images/{id}', { params: { path: { id: image.id } }, body: edit })));
      setSaved('Saved. Your edits are kept even if the image is tagged again.');
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
          ? `Tagging again in ${LANGUAGE_NAMES[language]}… Your edits are kept.`
          : 'Tagging again… Your edits are kept.',
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

  const title = image?.result?.title || image?.fileName || 'Image';
  const result = image?.result;
  const finished = image ? isFinished(image) : false;
  return (
    <Page title={title}>
      <p>
        <Link href={DASHBOARD_ROUTES.gallery}>Back to all images</Link>
      </p>
      {error && <Notice kind="error">{error}</Notice>}
      {status && <Notice kind="status">{status}</Notice>}
      {!image && !error && <p role="status">Loading…</p>}
      {image && (
        <div className="image-detail">
          <div className="stack">
            {result ? (
              <ImageWithBoxes image={image} result={result} />
            ) : (
              <p>{image.status === 'failed' ? 'No result to show.' : 'The result appears here once tagged.'}</p>
            )}
            <section aria-labelledby="actions-heading" className="stack">
              <h2 id="actions-heading">Tag again or delete</h2>
              {!image.stored && (
                <p className="hint" id="not-stored-hint">
                  The image&apos;s bytes were not kept, so it cannot be tagged again.
                </p>
              )}
              <p>
                <button
                  type="button"
                  onClick={() => void retag()}
                  disabled={busy || !finished || !image.stored}
                  aria-describedby={image.stored ? undefined : 'not-stored-hint'}
                >
                  Tag again
                </button>
              </p>
              <form className="inline-form" onSubmit={changeLanguage} aria-label="Change the result's language">
                <label htmlFor="retag-language">Language of the result</label>
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
                  Tag again in this language
                </button>
              </form>
              {confirmingDelete ? (
                <div className="danger stack" role="group" aria-labelledby="delete-question">
                  <p id="delete-question" ref={confirmQuestion} tabIndex={-1}>
                    Delete this image, its result and its history for good?
                  </p>
                  <p>
                    <button type="button" className="button-danger" onClick={() => void remove()} disabled={busy}>
                      Yes, delete the image
                    </button>{' '}
                    <button type="button" onClick={() => setConfirmingDelete(false)}>
                      Keep it
                    </button>
                  </p>
                </div>
              ) : (
                <p>
                  <button type="button" className="button-danger" onClick={() => setConfirmingDelete(true)}>
                    Delete image
                  </button>
                </p>
              )}
            </section>
          </div>
          <div className="stack">
            <p>
              Status: <StatusBadge status={image.status} />
              {image.fileName && <> · File: {image.fileName}</>}
              {result && <> · Language: {LANGUAGE_NAMES[result.language]}</>}
            </p>
            {image.status === 'failed' && <Notice kind="error">Tagging failed: {image.error ?? ''}</Notice>}
            {!finished && <p>Being tagged. This page updates when the result is in.</p>}
            {result && (
              <>
                <section aria-labelledby="caption-heading">
                  <h2 id="caption-heading">Caption</h2>
                  <dl className="result-fields">
                    <dt>Title</dt>
                    <dd>{result.title || '—'}</dd>
                    <dt>Alt text</dt>
                    <dd>{result.altText || '—'}</dd>
                    <dt>Description</dt>
                    <dd>{result.description || '—'}</dd>
                  </dl>
                </section>
                <section aria-labelledby="tags-heading">
                  <h2 id="tags-heading">Tags</h2>
                  <TagConfidences result={result} />
                </section>
                <section aria-labelledby="safety-heading">
                  <h2 id="safety-heading">Safety</h2>
                  <SafetyRating safety={result.safety} />
                </section>
                <section aria-labelledby="faces-heading">
                  <h2 id="faces-heading">Faces</h2>
                  <p data-testid="face-count">
                    {result.faces.count === 0
                      ? 'No faces found.'
                      : result.faces.count === 1
                        ? '1 face found.'
                        : `${result.faces.count} faces found.`}
                  </p>
                </section>
                <section aria-labelledby="colours-heading">
                  <h2 id="colours-heading">Main colours</h2>
                  <ColourSwatches colors={result.colors} />
                </section>
                <section aria-labelledby="text-heading">
                  <h2 id="text-heading">Text in the image</h2>
                  {result.text ? <p className="ocr-text">{result.text}</p> : <p>No text found.</p>}
                </section>
                <section aria-labelledby="review-heading">
                  <h2 id="review-heading">Review</h2>
                  <ReviewSummary review={reviewStateOf(result.review, history ?? [])} />
                </section>
                <form
                  className="stack"
                  onSubmit={(event) => void save(event)}
                  key={`${image.id}:${result.language}:${result.title}:${result.altText}`}
                >
                  <h2>Edit</h2>
                  <label htmlFor="edit-title">
                    Title <EditedMark image={image} field="title" />
                  </label>
                  <input id="edit-title" name="title" defaultValue={result.title} maxLength={300} />
                  <label htmlFor="edit-alt-text">
                    Alt text <EditedMark image={image} field="altText" />
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
                    What someone who cannot see the image needs to know. Your text is never overwritten by re-tagging.
                  </p>
                  <label htmlFor="edit-tags">
                    Tags, separated by commas <EditedMark image={image} field="tags" />
                  </label>
                  <input id="edit-tags" name="tags" defaultValue={result.tags.map((tag) => tag.label).join(', ')} />
                  <button type="submit" disabled={busy}>
                    Save changes
                  </button>
                  {saved && <Notice kind="status">{saved}</Notice>}
                </form>
              </>
            )}
            <section aria-labelledby="history-heading">
              <h2 id="history-heading">History</h2>
              <HistoryList history={history} />
            </section>
          </div>
        </div>
      )}
    </Page>
  );
}
