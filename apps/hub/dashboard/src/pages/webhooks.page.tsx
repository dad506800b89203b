import { useCallback, useState, type FormEvent } from 'react';
import type { WebhookDeliveryView, WebhookEndpointView } from '@tagphoto/contracts';
import { WEBHOOK_EVENT_TYPES as EVENT_TYPES } from '@tagphoto/contracts/webhook-event-types';
import { answer, hub, messageOf } from '../api';
import { Choice, Notice, Page } from '../components/page';
import { useApiGet } from '../use-api-get';
import { formText } from '../form-text';
import { TableHead } from '../components/table-head';

function Deliveries({ endpoint }: { endpoint: WebhookEndpointView }) {
  const loadDeliveries = useCallback(
    () => hub.GET('/v1/webhooks/endpoints/{id}/deliveries', { params: { path: { id: endpoint.id } } }),
    [endpoint.id],
  );
  const { data: deliveries, error, setError, reload: load } = useApiGet<WebhookDeliveryView[]>(loadDeliveries);
  const [notice, setNotice] = useState<string>();

  const replay = async (delivery: WebhookDeliveryView) => {
    try {
      await answer(hub.POST('/v1/webhooks/deliveries/{id}/replay', { params: { path: { id: delivery.id } } }));
      setNotice(`Delivery of ${delivery.eventType} queued again.`);
      load();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  return (
    <section aria-label={`Delivery log of ${endpoint.url}`}>
      <h3>Delivery log</h3>
      {error && <Notice kind="error">{error}</Notice>}
      {notice && <Notice kind="status">{notice}</Notice>}
      {deliveries?.length === 0 && <p>No deliveries yet.</p>}
      {deliveries && deliveries.length > 0 && (
        <table>
          <caption className="visually-hidden">Deliveries to {endpoint.url}</caption>
          <TableHead columns={['Event', 'Status', 'Attempts', 'Last answer', 'Created']} actions />
          <tbody>
            {deliveries.map((delivery) => (
              <tr key={delivery.id}>
                <td>{delivery.eventType}</td>
                <td>{delivery.status}</td>
                <td>{delivery.attempts}</td>
                <td>{delivery.lastStatusCode ?? delivery.lastError ?? '—'}</td>
                <td>{new Date(delivery.createdAt).toLocaleString()}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => void replay(delivery)}
                    aria-label={`Replay ${delivery.eventType} delivery from ${new Date(delivery.createdAt).toLocaleString()}`}
                  >
                    Replay
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
    if (!window.confirm(`Delete the endpoint ${endpoint.url}?`)) return;
    try {
      await answer(hub.DELETE('/v1/webhooks/endpoints/{id}', { params: { path: { id: endpoint.id } } }));
      load();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  return (
    <Page title="Webhooks">
      <p>
        The hub POSTs signed events (Standard Webhooks) to your endpoints when an image is tagged, fails or is deleted.
      </p>
      {error && <Notice kind="error">{error}</Notice>}
      <form className="stack narrow" onSubmit={(event) => void create(event)}>
        <h2>Add an endpoint</h2>
        <label htmlFor="endpoint-url">Endpoint URL</label>
        <input id="endpoint-url" name="url" type="url" required placeholder="https://example.com/tagphoto" />
        <fieldset>
          <legend>Events to send</legend>
          {EVENT_TYPES.map((type) => (
            <Choice key={type} id={`event-${type}`} name={type} type="checkbox" defaultChecked label={type} />
          ))}
        </fieldset>
        <button type="submit">Add endpoint</button>
      </form>
      {secret && (
        <div className="panel" role="status">
          <p>Signing secret for {secret.url}. Copy it now: it is shown only this once.</p>
          <label htmlFor="endpoint-secret">Signing secret</label>
          <input
            id="endpoint-secret"
            readOnly
            value={secret.secret}
            onFocus={(event) => event.currentTarget.select()}
          />
        </div>
      )}
      <h2>Endpoints</h2>
      {endpoints?.length === 0 && <p>No endpoints yet.</p>}
      <ul className="endpoints">
        {endpoints?.map((endpoint) => (
          <li key={endpoint.id} className="panel">
            <p>
              <strong>{endpoint.url}</strong> · {endpoint.events.join(', ')} ·{' '}
              {endpoint.enabled
                ? 'Enabled'
                : `Disabled${endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ''}`}
            </p>
            <button
              type="button"
              aria-expanded={open === endpoint.id}
              onClick={() => setOpen(open === endpoint.id ? undefined : endpoint.id)}
            >
              {open === endpoint.id ? 'Hide delivery log' : 'Show delivery log'}
            </button>{' '}
            <button type="button" onClick={() => void remove(endpoint)} aria-label={`Delete endpoint ${endpoint.url}`}>
              Delete
            </button>
            {open === endpoint.id && <Deliveries endpoint={endpoint} />}
          </li>
        ))}
      </ul>
    </Page>
  );
}
