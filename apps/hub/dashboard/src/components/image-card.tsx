import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageView } from '@tagphoto/contracts';
import { DASHBOARD_ROUTES } from '../../../src/dashboard/dashboard-routes';
import { thumbnailAlt } from '../gallery-filter';
import { Link } from '../router';

/** The image (when its bytes are kept) with its own alt text, or a frame saying why there is nothing to show. */
export function Thumbnail({
  image,
  alt,
  large = false,
}: {
  image: Pick<ImageView, 'id' | 'stored'>;
  alt: string;
  large?: boolean;
}) {
  const { t } = useTranslation();
  const [missing, setMissing] = useState(!image.stored);
  if (missing) {
    return (
      <div className={large ? 'thumbnail thumbnail-large thumbnail-missing' : 'thumbnail thumbnail-missing'}>
        <p>{t('library.card.notStored')}</p>
      </div>
    );
  }
  return (
    <img
      className={large ? 'thumbnail thumbnail-large' : 'thumbnail'}
      src={`/v1/images/${image.id}/file`}
      alt={alt}
      loading="lazy"
      onError={() => setMissing(true)}
    />
  );
}

export function StatusBadge({ status }: { status: ImageView['status'] }) {
  const { t } = useTranslation();
  return <span className={`badge badge-${status}`}>{t(`library.card.status.${status}`)}</span>;
}

/** "Needs review" with the engine's reasons while the result waits for a person; what they decided once they have. */
export function ReviewBadge({ image }: { image: ImageView }) {
  const { t } = useTranslation();
  const state = image.reviewState;
  if (state === 'none') return null;
  if (state !== 'needed') return <span className="badge badge-reviewed">{t(`library.card.decided.${state}`)}</span>;
  const reasons = (image.result?.review.reasons ?? []).join(', ');
  return (
    <span className="badge badge-review" title={reasons || undefined}>
      {t('library.card.needsReview')}
      {reasons && <span className="visually-hidden">: {reasons}</span>}
    </span>
  );
}

export function TagList({ image }: { image: ImageView }) {
  const { t } = useTranslation();
  const tags = image.result?.tags ?? [];
  if (tags.length === 0) return null;
  return (
    <ul className="tags" aria-label={t('library.card.tags')}>
      {tags.map((tag) => (
        <li key={tag.label} className={tag.source === 'person' ? 'tag tag-person' : 'tag'}>
          {tag.label}
        </li>
      ))}
    </ul>
  );
}

export function EditedMark({ image, field }: { image: ImageView; field: string }) {
  const { t } = useTranslation();
  return image.result?.editedFields.includes(field) ? (
    <span className="edited-mark">{t('library.card.editedByYou')}</span>
  ) : null;
}

/** A checkbox that picks the card for a bulk action, labelled by the card's name. */
export interface CardSelection {
  checked: boolean;
  onChange: () => void;
}

export function ImageCard({ image, selection }: { image: ImageView; selection?: CardSelection }) {
  const { t } = useTranslation();
  const name = image.result?.title || image.fileName || t('library.card.untitled');
  const headingId = `image-${image.id}-name`;
  return (
    <li className="card">
      {selection && (
        <p className="card-select">
          <input
            type="checkbox"
            id={`image-${image.id}-select`}
            checked={selection.checked}
            onChange={selection.onChange}
            aria-labelledby={`image-${image.id}-select-label ${headingId}`}
          />
          <label id={`image-${image.id}-select-label`} htmlFor={`image-${image.id}-select`}>
            {t('library.card.select')}
          </label>
        </p>
      )}
      <Thumbnail image={image} alt={thumbnailAlt(image, t)} />
      <h3 id={headingId}>
        <Link href={`${DASHBOARD_ROUTES.images}/${image.id}`}>{name}</Link> <EditedMark image={image} field="title" />
      </h3>
      <p>
        <StatusBadge status={image.status} /> <ReviewBadge image={image} />
      </p>
      {image.result && (
        <p className="alt-text">
          <span className="field-name">{t('library.card.altText')}</span> {image.result.altText || '—'}{' '}
          <EditedMark image={image} field="altText" />
        </p>
      )}
      {image.status === 'failed' && <p className="notice-error">{image.error}</p>}
      <TagList image={image} />
    </li>
  );
}
