import { useTranslation } from 'react-i18next';
import type { ImageHistoryEntry, ImageResultView, ImageView } from '@tagphoto/contracts';
import { LANGUAGE_NAMES } from '@tagphoto/contracts/languages';
import { thumbnailAlt } from '../gallery-filter';
import { boxPosition, confidenceText, historyText, type ReviewState, safetyScores } from '../result-view';
import { Thumbnail } from './image-card';

/**
 * The image with a labelled box over each object the engine found, placed in percent of the image so the boxes
 * scale with it. The boxes are drawn for the eye; the list beside says the same in words.
 */
export function ImageWithBoxes({ image, result }: { image: ImageView; result: ImageResultView }) {
  const { t } = useTranslation();
  return (
    <figure className="result-figure">
      <div className="boxed-image" style={{ aspectRatio: `${result.width} / ${result.height}` }}>
        <Thumbnail image={image} alt={thumbnailAlt(image, t)} large />
        {result.objects.map((object, index) => (
          <div
            key={`${object.label}-${index}`}
            className="object-box"
            data-testid="object-box"
            aria-hidden="true"
            style={boxPosition(object.box, result)}
          >
            <span className="object-label">
              {object.label} {confidenceText(object.confidence)}
            </span>
          </div>
        ))}
      </div>
      <figcaption>
        {result.objects.length === 0 ? (
          <p>{t('library.result.noObjects')}</p>
        ) : (
          <>
            <p id="objects-heading">{t('library.result.objectsFound', { count: result.objects.length })}</p>
            <ul aria-labelledby="objects-heading" className="detected-objects">
              {result.objects.map((object, index) => (
                <li key={`${object.label}-${index}`}>
                  {t('library.result.object', { label: object.label, confidence: confidenceText(object.confidence) })}{' '}
                  <span className="hint">
                    {t('library.result.objectBox', {
                      x: Math.round(object.box.x),
                      y: Math.round(object.box.y),
                      width: Math.round(object.box.width),
                      height: Math.round(object.box.height),
                    })}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </figcaption>
    </figure>
  );
}

export function TagConfidences({ result }: { result: ImageResultView }) {
  const { t } = useTranslation();
  if (result.tags.length === 0) return <p>{t('library.result.noTags')}</p>;
  return (
    <ul className="tags" aria-label={t('library.result.tagsWithConfidence')}>
      {result.tags.map((tag) => (
        <li key={tag.label} className={tag.source === 'person' ? 'tag tag-person' : 'tag'}>
          {tag.label}{' '}
          <span className="tag-confidence">
            {tag.source === 'person' ? t('library.result.addedByYou') : confidenceText(tag.confidence)}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function SafetyRating({ safety }: { safety: ImageResultView['safety'] }) {
  const { t } = useTranslation();
  const scores = safetyScores(safety.scores);
  return (
    <>
      <p>
        {t('library.result.rating')}{' '}
        <span className={`badge badge-safety-${safety.rating}`}>{t(`library.result.ratings.${safety.rating}`)}</span>
      </p>
      {scores.length > 0 && (
        <ul aria-label={t('library.result.safetyScores')} className="plain-list">
          {scores.map(({ label, score }) => (
            <li key={label}>
              {label}: {confidenceText(score)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Each colour as a swatch and in words (its name, hex code and share), never by colour alone. */
export function ColourSwatches({ colors }: { colors: ImageResultView['colors'] }) {
  const { t } = useTranslation();
  if (colors.length === 0) return <p>{t('library.result.noColours')}</p>;
  return (
    <ul aria-label={t('library.result.mainColours')} className="swatches">
      {colors.map((color) => (
        <li key={color.hex}>
          <span className="swatch" data-testid="colour-swatch" aria-hidden="true" style={{ background: color.hex }} />
          {color.name} <code>{color.hex}</code>{' '}
          {t('library.result.colourShare', { share: confidenceText(color.fraction) })}
        </li>
      ))}
    </ul>
  );
}

export function ReviewSummary({ review }: { review: ReviewState }) {
  const { t } = useTranslation();
  const reasons = review.state === 'none' ? [] : review.reasons;
  const summary = t(`library.result.review.${review.state}`);
  return (
    <>
      <p>
        {review.state === 'waiting' && <span className="badge badge-review">{t('library.result.needsReview')}</span>}{' '}
        {summary}
      </p>
      {reasons.length > 0 && (
        <ul aria-label={t('library.result.reviewReasons')} className="plain-list">
          {reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
    </>
  );
}

export function HistoryList({ history }: { history: ImageHistoryEntry[] | undefined }) {
  const { t, i18n } = useTranslation();
  if (!history) return <p role="status">{t('library.result.loadingHistory')}</p>;
  if (history.length === 0) return <p>{t('library.result.noHistory')}</p>;
  const language = i18n.resolvedLanguage ?? 'en';
  const words = { t, language, languages: LANGUAGE_NAMES };
  return (
    <ol aria-label={t('library.result.history')} className="history">
      {history.map((entry, index) => (
        <li key={`${entry.at}-${index}`}>
          <time dateTime={entry.at}>{new Date(entry.at).toLocaleString(language)}</time>: {historyText(entry, words)}
        </li>
      ))}
    </ol>
  );
}
