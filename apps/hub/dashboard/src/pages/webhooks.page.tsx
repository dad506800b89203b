import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebhookDeliveryView, WebhookEndpointView } from '@tagphoto/contracts';
import { WEBHOOK_EVENT_TYPES as EVENT_TYPES } from '@tagphoto/contracts/webhook-event-types';
import { answer, hub, messageOf } from '../api';
import { Choice, Notice, Page } from '../components/page';
import { useApiGet } from '../use-api-get';
import { formText } from '../form-text';
import { TableHead } from '../components/table-head';

/** The statuses of a delivery; another one is shown as the hub wrote it. */
const STATUSES = ['pending', 'delivering', 'delivered', 'failed'] as const;
const isKnownStatus = (status: string): status is (typeof STATUSES)[number] =>
  (STATUSES as readonly string[]).includes(status);

function Deliveries({ endpoint }: { endpoint: WebhookEndpointView }) {
  const loadDeliveries = useCallback(
    () => hub.GET('/v1/webhooks/endpoints/{id}/deliveries', { params: { path: { id: endpoint.id } } }),
    [endpoint.id],
  );
  const { data: deliveries, error, setError, reload: load } = useApiGet<WebhookDeliveryView[]>(loadDeliveries);
  const [notice, setNotice] = useState<string>();
  const { t, i18n } = useTranslation();
  const createdAt = (delivery: WebhookDeliveryView) => new Date(delivery.createdAt).toLocaleString(i18n.language);

  const replay = async (delivery: WebhookDeliveryView) => {
    try {
      await answer(hub.POST('/v1/webhooks/deliveries/{id}/replay', { params: { path: { id: delivery.id } } }));
      setNotice(t('settings.webhooks.log.replayed', { type: delivery.eventType }));
      load();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  return (
    <section aria-label={t('settings.webhooks.log.label', { url: endpoint.url })}>
      <h3>{t('settings.webhooks.log.heading')}</h3>
      {error && <Notice kind="error">{error}</Notice>}
      {notice && <Notice kind="status">{notice}</Notice>}
      {deliveries?.length === 0 && <p>{t('settings.webhooks.log.none')}</p>}
      {deliveries && deliveries.length > 0 && (
        <table>
          <caption className="visually-hidden">{t('settings.webhooks.log.caption', { url: endpoint.url })}</caption>
          <TableHead
            columns={[
              t('settings.webhooks.log.columns.event'),
              t('settings.webhooks.log.columns.status'),
              t('settings.webhooks.log.columns.attempts'),
              t('settings.webhooks.log.columns.lastAnswer'),
              t('settings.webhooks.log.columns.created'),
            ]}
            actions
          />
          <tbody>
            {deliveries.map((delivery) => (
              <tr key={delivery.id}>
                <td>{delivery.eventType}</td>
                <td>
                  {isKnownStatus(delivery.status)
                    ? t(`settings.webhooks.log.status.${delivery.status}`)
                    : delivery.status}
                </td>
                <td>{delivery.attempts}</td>
                <td>{delivery.lastStatusCode ?? delivery.lastError ?? '—'}</td>
                <td>{createdAt(delivery)}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => void replay(delivery)}
                    aria-label={t('settings.webhooks.log.replayLabel', {
                      type: delivery.eventType,
                      date: createdAt(delivery),
                    })}
                  >
                    {t('settings.webhooks.log.replay')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const loadEndpoints = () => hub.GET('/v1/webhooks/endpoints');

export function WebhooksPage() {
  const { t } = useTranslation();
  const { data: endpoints, error, setError, reload: load } = useApiGet<WebhookEndpointView[]>(loadEndpoints);
  const [secret, setSecret] = useState<{ url: string; secret: string }>();
  const [open, setOpen] = useState<string>();

  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const events = EVENT_TYPES.filter((type) => form.get(type) === 'on');
    try {
      const created = await answer(
        hub.POST('/v1/webhooks/endpoints', { body: { url: formText(form, 'url'), events } }),
      );
      setSecret({ url: created.url, secret: created.secret });
      formElement.reset();
      load();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  const remove = async (endpoint: WebhookEndpointView) => {
    if (!window.confirm(t('settings.webhooks.confirmDelete', { url: endpoint.url }))) return;
    try {
      await answer(hub.DELETE('/v1/webhooks/endpoints/{id}', { params: { path: { id: endpoint.id } } }));
      load();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  return (
    <Page title={t('settings.webhooks.title')}>
      <p>{t('settings.webhooks.intro')}</p>
      {error && <Notice kind="error">{error}</Notice>}
      <form className="stack narrow" onSubmit={(event) => void create(event)}>
        <h2>{t('settings.webhooks.addHeading')}</h2>
        <label htmlFor="endpoint-url">{t('settings.webhooks.urlLabel')}</label>
        <input id="endpoint-url" name="url" type="url" required placeholder="https://example.com/tagphoto" />
        <fieldset>
          <legend>{t('settings.webhooks.eventsLegend')}</legend>
          {EVENT_TYPES.map((type) => (
            <Choice key={type} id={`event-${type}`} name={type} type="checkbox" defaultChecked label={type} />
          ))}
        </fieldset>
        <button type="submit">{t('settings.webhooks.add')}</button>
      </form>
      {secret && (
        <div className="panel" role="status">
          <p>{t('settings.webhooks.secretShown', { url: secret.url })}</p>
          <label htmlFor="endpoint-secret">{t('settings.webhooks.secretLabel')}</label>
          <input
            id="endpoint-secret"
            readOnly
            value={secret.secret}
            onFocus={(event) => event.currentTarget.select()}
          />
        </div>
      )}
      <h2>{t('settings.webhooks.endpointsHeading')}</h2>
      {endpoints?.length === 0 && <p>{t('settings.webhooks.noEndpoints')}</p>}
      <ul className="endpoints">
        {endpoints?.map((endpoint) => (
          <li key={endpoint.id} className="panel">
            <p>
              <strong>{endpoint.url}</strong>
              {' · '}
              {endpoint.events.join(', ')}
              {' · '}
              {endpoint.enabled
                ? t('settings.webhooks.enabled')
                : endpoint.disabledReason
                  ? t('settings.webhooks.disabledBecause', { reason: endpoint.disabledReason })
                  : t('settings.webhooks.disabled')}
            </p>
            <button
              type="button"
              aria-expanded={open === endpoint.id}
              onClick={() => setOpen(open === endpoint.id ? undefined : endpoint.id)}
            >
              {open === endpoint.id ? t('settings.webhooks.hideLog') : t('settings.webhooks.showLog')}
            </button>{' '}
            <button
              type="button"
              onClick={() => void remove(endpoint)}
              aria-label={t('settings.webhooks.deleteLabel', { url: endpoint.url })}
            >
              {t('settings.webhooks.delete')}
            </button>
            {open === endpoint.id && <Deliveries endpoint={endpoint} />}
          </li>
        ))}
      </ul>
    </Page>
  );
}
