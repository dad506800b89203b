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
  return (
    <figure className="result-figure">
      <div className="boxed-image" style={{ aspectRatio: `${result.width} / ${result.height}` }}>
        <Thumbnail image={image} alt={thumbnailAlt(image)} large />
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
          <p>No objects were found in the image.</p>
        ) : (
          <>
            <p id="objects-heading">
              {result.objects.length === 1 ? 'One object found' : `${result.objects.length} objects found`}, outlined on
              the image:
            </p>
            <ul aria-labelledby="objects-heading" className="detected-objects">
              {result.objects.map((object, index) => (
                <li key={`${object.label}-${index}`}>
                  {object.label}, {confidenceText(object.confidence)} sure{' '}
                  <span className="hint">
                    (at {Math.round(object.box.x)}, {Math.round(object.box.y)}; {Math.round(object.box.width)} ×{' '}
                    {Math.round(object.box.height)} pixels)
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
  if (result.tags.length === 0) return <p>No tags.</p>;
  return (
    <ul className="tags" aria-label="Tags with confidence">
      {result.tags.map((tag) => (
        <li key={tag.label} className={tag.source === 'person' ? 'tag tag-person' : 'tag'}>
          {tag.label}{' '}
          <span className="tag-confidence">
            {tag.source === 'person' ? '(added by you)' : confidenceText(tag.confidence)}
          </span>
        </li>
      ))}
    </ul>
  );
}

const RATINGS: Record<ImageResultView['safety']['rating'], string> = {
  safe: 'Safe',
  questionable: 'Questionable',
  unsafe: 'Unsafe',
};

export function SafetyRating({ safety }: { safety: ImageResultView['safety'] }) {
  const scores = safetyScores(safety.scores);
  return (
    <>
      <p>
        Rating: <span className={`badge badge-safety-${safety.rating}`}>{RATINGS[safety.rating]}</span>
      </p>
      {scores.length > 0 && (
        <ul aria-label="Safety scores by class" className="plain-list">
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
  if (colors.length === 0) return <p>No main colours.</p>;
  return (
    <ul aria-label="Main colours" className="swatches">
      {colors.map((color) => (
        <li key={color.hex}>
          <span className="swatch" data-testid="colour-swatch" aria-hidden="true" style={{ background: color.hex }} />
          {color.name} <code>{color.hex}</code> ({confidenceText(color.fraction)} of the image)
        </li>
      ))}
    </ul>
  );
}

export function ReviewSummary({ review }: { review: ReviewState }) {
  const reasons = review.state === 'none' ? [] : review.reasons;
  let summary: string;
  if (review.state === 'none') summary = 'Nothing to review: the engine was sure of this result.';
  else if (review.state === 'waiting') summary = 'Waiting for review: the engine was unsure of this result.';
  else summary = `${review.state[0].toUpperCase()}${review.state.slice(1)} in the review queue.`;
  return (
    <>
      <p>
        {review.state === 'waiting' && <span className="badge badge-review">Needs review</span>} {summary}
      </p>
      {reasons.length > 0 && (
        <ul aria-label="Why the engine asked for review" className="plain-list">
          {reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
    </>
  );
}

export function HistoryList({ history }: { history: ImageHistoryEntry[] | undefined }) {
  if (!history) return <p role="status">Loading the history…</p>;
  if (history.length === 0) return <p>Nothing recorded yet.</p>;
  return (
    <ol aria-label="History" className="history">
      {history.map((entry, index) => (
        <li key={`${entry.at}-${index}`}>
          <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time>: {historyText(entry, LANGUAGE_NAMES)}
        </li>
      ))}
    </ol>
  );
}
