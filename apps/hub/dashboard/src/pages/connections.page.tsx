import { useState } from 'react';
import type { ConnectionView, ConnectorSetup } from '@tagphoto/contracts';
import { DASHBOARD_ROUTES } from '../../../src/dashboard/dashboard-routes';
import { answer, hub, messageOf } from '../api';
import { Notice, Page } from '../components/page';
import { GoogleDriveSettingsPanel } from '../components/google-drive-settings';
import { ShopifyBackfill } from '../components/shopify-backfill';
import { SlackSettings } from '../components/slack-settings';
import { Link } from '../router';
import { useApiGet } from '../use-api-get';
import { TableHead } from '../components/table-head';

/** Providers connected through the hub's OAuth flows at /connect/<provider>. */
const OAUTH_PROVIDERS: Array<{ id: string; name: string; what: string }> = [
  { id: 'shopify', name: 'Shopify', what: 'Tags product images and writes their alt text back to your store.' },
  { id: 'google-drive', name: 'Google Drive', what: 'Tags images in the folders you choose.' },
  { id: 'slack', name: 'Slack', what: 'Tags images shared in channels the app is invited to.' },
];

const providerName = (id: string): string =>
  id === 'wordpress' ? 'WordPress' : (OAUTH_PROVIDERS.find((provider) => provider.id === id)?.name ?? id);

const loadConnections = () => hub.GET('/v1/connections');
const loadConnectors = () => hub.GET('/v1/connectors');

/** Why an unconfigured connector has no Connect button, and who can change that: the settings by name, "A, B and C". */
function NotSetUp({ setup }: { setup: ConnectorSetup }) {
  const names = setup.missingSettings;
  return (
    <p>
      The operator of this hub has not set up {setup.name}: set{' '}
      {names.map((name, index) => (
        <span key={name}>
          {index === 0 ? '' : index === names.length - 1 ? ' and ' : ', '}
          <code>{name}</code>
        </span>
      ))}{' '}
      in the hub&rsquo;s environment and restart it. Until then no account can be connected.
    </p>
  );
}

export function ConnectionsPage() {
  const { data: connections, error, setError, reload: load } = useApiGet<ConnectionView[]>(loadConnections);
  const [notice, setNotice] = useState<string>();
  // Without an answer here the Connect buttons stay: the hub's own page explains a connector that is not set up.
  const { data: connectors } = useApiGet<ConnectorSetup[]>(loadConnectors);
  const notSetUp = (provider: string) =>
    connectors?.find((connector) => connector.provider === provider && !connector.configured);

  const disconnect = async (connection: ConnectionView) => {
    if (!window.confirm(`Disconnect ${providerName(connection.provider)} (${connection.externalAccount})?`)) return;
    try {
      await answer(hub.DELETE('/v1/connections/{id}', { params: { path: { id: connection.id } } }));
      setNotice(`Disconnected ${providerName(connection.provider)} (${connection.externalAccount}).`);
      load();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  return (
    <Page title="Connections">
      {error && <Notice kind="error">{error}</Notice>}
      {notice && <Notice kind="status">{notice}</Notice>}
      <section aria-labelledby="connected-heading">
        <h2 id="connected-heading">Connected accounts</h2>
        {connections?.length === 0 && <p>Nothing connected yet.</p>}
        {connections && connections.length > 0 && (
          <table>
            <caption className="visually-hidden">Connected accounts</caption>
            <TableHead columns={['Service', 'Account', 'Status', 'Connected']} actions />
            <tbody>
              {connections.map((connection) => (
                <tr key={connection.id}>
                  <td>{providerName(connection.provider)}</td>
                  <td>{connection.externalAccount}</td>
                  <td>{connection.status}</td>
                  <td>{new Date(connection.createdAt).toLocaleString()}</td>
                  <td>
                    <button
                      type="button"
                      onClick={() => void disconnect(connection)}
                      aria-label={`Disconnect ${providerName(connection.provider)} ${connection.externalAccount}`}
                    >
                      Disconnect
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {connections
          ?.filter((connection) => connection.provider === 'shopify' && connection.status === 'active')
          .map((connection) => (
            <ShopifyBackfill key={connection.id} connection={connection} />
          ))}
        {connections
          ?.filter((connection) => connection.provider === 'google-drive' && connection.status === 'active')
          .map((connection) => (
            <GoogleDriveSettingsPanel key={connection.id} connection={connection} />
          ))}
        {connections
          ?.filter((connection) => connection.provider === 'slack' && connection.status === 'active')
          .map((connection) => (
            <SlackSettings key={connection.id} connection={connection} />
          ))}
      </section>
      <section aria-labelledby="connect-heading">
        <h2 id="connect-heading">Connect a service</h2>
        <ul className="providers">
          {OAUTH_PROVIDERS.map((provider) => {
            const setup = notSetUp(provider.id);
            return (
              <li key={provider.id} className="panel">
                <h3>{provider.name}</h3>
                <p>{provider.what}</p>
                {setup ? (
                  <NotSetUp setup={setup} />
                ) : provider.id === 'shopify' ? (
                  // Shopify's install starts from the shop's own address.
                  <form method="get" action="/connect/shopify" className="stack">
                    <label htmlFor="shopify-shop">Your shop (name.myshopify.com)</label>
                    <input
                      id="shopify-shop"
                      name="shop"
                      required
                      pattern="[a-zA-Z0-9][a-zA-Z0-9\-]*\.myshopify\.com"
                      placeholder="my-shop.myshopify.com"
                    />
                    <button type="submit">Connect Shopify</button>
                  </form>
                ) : (
                  <a className="button" href={`/connect/${provider.id}`}>
                    Connect {provider.name}
                  </a>
                )}
              </li>
            );
          })}
          <li className="panel">
            <h3>WordPress</h3>
            <p>
              Install the TagPhoto plugin on your site, enter this hub&rsquo;s address in Settings → TagPhoto and press
              &ldquo;Connect to TagPhoto&rdquo;: you approve the site here and it gets its own API key and callback
              secret.
            </p>
          </li>
          <li className="panel">
            <h3>Figma</h3>
            <p>
              Run the TagPhoto plugin in Figma, paste this hub&rsquo;s address and an API key once, select layers and
              press Tag. <Link href={DASHBOARD_ROUTES.apiKeys}>Create an API key</Link>.
            </p>
          </li>
        </ul>
      </section>
    </Page>
  );
}
