import { useEffect, useState, type FormEvent } from 'react';
import type { ImageEdit, ImageView } from '@tagphoto/contracts';
import { DASHBOARD_ROUTES } from '../../../src/dashboard/dashboard-routes';
import { answer, hub, messageOf } from '../api';
import { EditedMark, StatusBadge, TagList, Thumbnail } from '../components/image-card';
import { Notice, Page } from '../components/page';
import { Link } from '../router';
import { formText } from '../form-text';
import { thumbnailAlt } from '../gallery-filter';

const parseTags = (text: string): string[] =>
  text
    .split(',')
    .map((label) => label.trim())
    .filter((label) => label.length > 0);

/** One image: the full result, and the form where a person corrects the title, alt text and tags. */
export function ImagePage({ id }: { id: string }) {
  const [image, setImage] = useState<ImageView>();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    answer(hub.GET('/v1/images/{id}', { params: { path: { id } } }))
      .then(setImage)
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, [id]);

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
    setSaving(true);
    setError(undefined);
    try {
      setImage(await answer(hub.PATCH('/v1/images/{id}', { params: { path: { id: image.id } }, body: edit })));
      setSaved('Saved. Your edits are kept even if the image is tagged again.');
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setSaving(false);
    }
  };

  const title = image?.result?.title || image?.fileName || 'Image';
  return (
    <Page title={title}>
      <p>
        <Link href={DASHBOARD_ROUTES.gallery}>Back to all images</Link>
      </p>
      {error && <Notice kind="error">{error}</Notice>}
      {!image && !error && <p role="status">Loading…</p>}
      {image && (
        <div className="image-detail">
          <Thumbnail image={image} alt={thumbnailAlt(image)} large />
          <div className="stack">
            <p>
              Status: <StatusBadge status={image.status} />
              {image.fileName && <> · File: {image.fileName}</>}
            </p>
            {image.result ? (
              <>
                {image.result.review?.needed && (
                  <p>
                    <span className="badge badge-review">Needs review</span> The engine was unsure:{' '}
                    {image.result.review.reasons.join(', ')}.
                  </p>
                )}
                <TagList image={image} />
                <p>{image.result.description}</p>
                {image.result.text && (
                  <p>
                    <span className="field-name">Text in the image:</span> {image.result.text}
                  </p>
                )}
                <form className="stack" onSubmit={(event) => void save(event)} key={image.id}>
                  <h2>Edit</h2>
                  <label htmlFor="edit-title">
                    Title <EditedMark image={image} field="title" />
                  </label>
                  <input id="edit-title" name="title" defaultValue={image.result.title} maxLength={300} />
                  <label htmlFor="edit-alt-text">
                    Alt text <EditedMark image={image} field="altText" />
                  </label>
                  <textarea
                    id="edit-alt-text"
                    name="altText"
                    defaultValue={image.result.altText}
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
                  <input
                    id="edit-tags"
                    name="tags"
                    defaultValue={image.result.tags.map((tag) => tag.label).join(', ')}
                  />
                  <button type="submit" disabled={saving}>
                    Save changes
                  </button>
                  {saved && <Notice kind="status">{saved}</Notice>}
                </form>
              </>
            ) : (
              <p>
                {image.status === 'failed'
                  ? `Tagging failed: ${image.error ?? ''}`
                  : 'Still being tagged. Reload in a moment.'}
              </p>
            )}
          </div>
        </div>
      )}
    </Page>
  );
}
