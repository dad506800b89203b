import { useCallback, useEffect } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ConnectionView, ShopifyBackfillView } from '@tagphoto/contracts';
import { answer, hub, messageOf } from '../api';
import { useApiGet } from '../use-api-get';
import { Notice } from './page';

/** How often a running backfill's progress is asked for. */
const PROGRESS_MS = 2000;

/** Where the backfill stands, in the language of `t`; dates in `language`'s format. */
function progressText(t: TFunction, language: string, backfill: ShopifyBackfillView): string {
  if (backfill.status === 'idle') return t('settings.shopify.idle');
  const counts = {
    products:
      backfill.total === null
        ? t('settings.shopify.productsUncounted', { count: backfill.processed })
        : t('settings.shopify.products', { processed: backfill.processed, count: backfill.total }),
    images: t('settings.shopify.imagesTagged', { count: backfill.imagesTagged }),
  };
  if (backfill.status === 'running') {
    const phase = backfill.phase ? t(`settings.shopify.phases.${backfill.phase}`) : t('settings.shopify.running');
    return t('settings.shopify.progress', { phase, ...counts });
  }
  return backfill.finishedAt
    ? t('settings.shopify.doneOn', { date: new Date(backfill.finishedAt).toLocaleString(language), ...counts })
    : t('settings.shopify.done', counts);
}

/** A Shopify connection's catalog backfill: where it stands (asked again while it runs), and the button that starts it. */
export function ShopifyBackfill({ connection }: { connection: ConnectionView }) {
  const { t, i18n } = useTranslation();
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
      <h3 id={headingId}>{t('settings.shopify.heading', { shop: connection.externalAccount })}</h3>
      {error && <Notice kind="error">{error}</Notice>}
      {backfill && (
        <>
          <p role="status">{progressText(t, i18n.language, backfill)}</p>
          {running && (
            <progress
              max={backfill.total ?? undefined}
              value={backfill.total === null ? undefined : backfill.processed}
              aria-label={t('settings.shopify.progressLabel', { shop: connection.externalAccount })}
            />
          )}
          {backfill.lastError && (
            <Notice kind="error">{t('settings.shopify.lastError', { error: backfill.lastError })}</Notice>
          )}
          <div>
            <button type="button" onClick={() => void start()} disabled={running}>
              {backfill.status === 'done' ? t('settings.shopify.tagCatalogAgain') : t('settings.shopify.tagCatalog')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
