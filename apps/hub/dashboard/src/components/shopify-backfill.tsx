import { useCallback, useEffect } from 'react';
import type { ConnectionView, ShopifyBackfillView } from '@tagphoto/contracts';
import { answer, hub, messageOf } from '../api';
import { useApiGet } from '../use-api-get';
import { Notice } from './page';

/** How often a running backfill's progress is asked for. */
const PROGRESS_MS = 2000;

const PHASES: Record<NonNullable<ShopifyBackfillView['phase']>, string> = {
  counting: 'Counting the products',
  exporting: 'Waiting for Shopify’s export of the catalog',
  tagging: 'Tagging',
};

function progressText(backfill: ShopifyBackfillView): string {
  const products = `${backfill.processed}${backfill.total === null ? '' : ` of ${backfill.total}`} products`;
  const images = `${backfill.imagesTagged} images tagged`;
  if (backfill.status === 'idle') return 'The catalog has not been tagged yet: new and changed products are.';
  if (backfill.status === 'running')
    return `${backfill.phase ? PHASES[backfill.phase] : 'Running'}: ${products}, ${images}.`;
  const finished = backfill.finishedAt ? ` on ${new Date(backfill.finishedAt).toLocaleString()}` : '';
  return `Done${finished}: ${products}, ${images}.`;
}

/** A Shopify connection's catalog backfill: where it stands (asked again while it runs), and the button that starts it. */
export function ShopifyBackfill({ connection }: { connection: ConnectionView }) {
  const load = useCallback(
    () => hub.GET('/v1/connections/{id}/shopify/backfill', { params: { path: { id: connection.id } } }),
    [connection.id],
  );
  const { data: backfill, error, setError, reload } = useApiGet<ShopifyBackfillView>(load);
  const running = backfill?.status === 'running';

  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(reload, PROGRESS_MS);
    return () => clearTimeout(timer);
  }, [backfill, running, reload]);

  const start = async () => {
    try {
      await answer(hub.POST('/v1/connections/{id}/shopify/backfill', { params: { path: { id: connection.id } } }));
      reload();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  const headingId = `backfill-${connection.id}`;
  return (
    <section aria-labelledby={headingId} className="panel stack">
      <h3 id={headingId}>Catalog of {connection.externalAccount}</h3>
      {error && <Notice kind="error">{error}</Notice>}
      {backfill && (
        <>
          <p role="status">{progressText(backfill)}</p>
          {running && (
            <progress
              max={backfill.total ?? undefined}
              value={backfill.total === null ? undefined : backfill.processed}
              aria-label={`Products of ${connection.externalAccount} read`}
            />
          )}
          {backfill.lastError && <Notice kind="error">Last error: {backfill.lastError}</Notice>}
          <div>
            <button type="button" onClick={() => void start()} disabled={running}>
              {backfill.status === 'done' ? 'Tag the whole catalog again' : 'Tag the whole catalog'}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
