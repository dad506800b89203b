import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { ConnectionView, ConnectorSetup } from '@tagphoto/contracts';
import { conjunctionFormat } from '../../../src/dashboard/conjunction-list';
import { DASHBOARD_ROUTES } from '../../../src/dashboard/dashboard-routes';
import { answer, hub, messageOf } from '../api';
import { Notice, Page } from '../components/page';
import { GoogleDriveSettingsPanel } from '../components/google-drive-settings';
import { ShopifyBackfill } from '../components/shopify-backfill';
import { SlackSettings } from '../components/slack-settings';
import { connectorName } from '../connector-names';
import { Link } from '../router';
import { useApiGet } from '../use-api-get';
import { TableHead } from '../components/table-head';

/** Providers connected through the hub's OAuth flows at /connect/<provider>; `what` names the text saying what each does. */
const OAUTH_PROVIDERS = [
  { id: 'shopify', what: 'shopify' },
  { id: 'google-drive', what: 'googleDrive' },
  { id: 'slack', what: 'slack' },
] as const;

/** The statuses the hub gives a connection; another one is shown as the hub wrote it. */
const STATUSES = ['active', 'pending', 'uninstalled'] as const;
const isKnownStatus = (status: string): status is (typeof STATUSES)[number] =>
  (STATUSES as readonly string[]).includes(status);

const loadConnections = () => hub.GET('/v1/connections');
const loadConnectors = () => hub.GET('/v1/connectors');

/** Why an unconfigured connector has no Connect button, and who can change that: the settings by name, "A, B and C". */
function NotSetUp({ setup }: { setup: ConnectorSetup }) {
  const { i18n } = useTranslation();
  const parts = conjunctionFormat(i18n.language).formatToParts(setup.missingSettings);
  const settings = (
    <>
      {parts.map((part, index) =>
        part.type === 'element' ? <code key={index}>{part.value}</code> : <span key={index}>{part.value}</span>,
      )}
    </>
  );
  return (
    <p>
      <Trans i18nKey="settings.connections.notSetUp" values={{ name: setup.name }} components={{ settings }} />
    </p>
  );
}

export function ConnectionsPage() {
  const { t, i18n } = useTranslation();
  const { data: connections, error, setError, reload: load } = useApiGet<ConnectionView[]>(loadConnections);
  const [notice, setNotice] = useState<string>();
  // Without an answer here the Connect buttons stay: the hub's own page explains a connector that is not set up.
  const { data: connectors } = useApiGet<ConnectorSetup[]>(loadConnectors);
  const notSetUp = (provider: string) =>
    connectors?.find((connector) => connector.provider === provider && !connector.configured);

  const disconnect = async (connection: ConnectionView) => {
    const names = { service: connectorName(connection.provider), account: connection.externalAccount };
    if (!window.confirm(t('settings.connections.confirmDisconnect', names))) return;
    try {
      await answer(hub.DELETE('/v1/connections/{id}', { params: { path: { id: connection.id } } }));
      setNotice(t('settings.connections.disconnected', names));
      load();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  return (
    <Page title={t('settings.connections.title')}>
      {error && <Notice kind="error">{error}</Notice>}
      {notice && <Notice kind="status">{notice}</Notice>}
      <section aria-labelledby="connected-heading">
        <h2 id="connected-heading">{t('settings.connections.connectedHeading')}</h2>
        {connections?.length === 0 && <p>{t('settings.connections.nothingConnected')}</p>}
        {connections && connections.length > 0 && (
          <table>
            <caption className="visually-hidden">{t('settings.connections.connectedHeading')}</caption>
            <TableHead
              columns={[
                t('settings.connections.columns.service'),
                t('settings.connections.columns.account'),
                t('settings.connections.columns.status'),
                t('settings.connections.columns.connected'),
              ]}
              actions
            />
            <tbody>
              {connections.map((connection) => (
                <tr key={connection.id}>
                  <td>{connectorName(connection.provider)}</td>
                  <td>{connection.externalAccount}</td>
                  <td>
                    {isKnownStatus(connection.status)
                      ? t(`settings.connections.status.${connection.status}`)
                      : connection.status}
                  </td>
                  <td>{new Date(connection.createdAt).toLocaleString(i18n.language)}</td>
                  <td>
                    <button
                      type="button"
                      onClick={() => void disconnect(connection)}
                      aria-label={t('settings.connections.disconnectLabel', {
                        service: connectorName(connection.provider),
                        account: connection.externalAccount,
                      })}
                    >
                      {t('settings.connections.disconnect')}
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
        <h2 id="connect-heading">{t('settings.connections.connectHeading')}</h2>
        <ul className="providers">
          {OAUTH_PROVIDERS.map((provider) => {
            const setup = notSetUp(provider.id);
            return (
              <li key={provider.id} className="panel">
                <h3>{connectorName(provider.id)}</h3>
                <p>{t(`settings.connections.what.${provider.what}`)}</p>
                {setup ? (
                  <NotSetUp setup={setup} />
                ) : provider.id === 'shopify' ? (
                  // Shopify's install starts from the shop's own address.
                  <form method="get" action="/connect/shopify" className="stack">
                    <label htmlFor="shopify-shop">{t('settings.connections.shopifyShop')}</label>
                    <input
                      id="shopify-shop"
                      name="shop"
                      required
                      pattern="[a-zA-Z0-9][a-zA-Z0-9\-]*\.myshopify\.com"
                      placeholder="my-shop.myshopify.com"
                    />
                    <button type="submit">
                      {t('settings.connections.connect', { name: connectorName(provider.id) })}
                    </button>
                  </form>
                ) : (
                  <a className="button" href={`/connect/${provider.id}`}>
                    {t('settings.connections.connect', { name: connectorName(provider.id) })}
                  </a>
                )}
              </li>
            );
          })}
          <li className="panel">
            <h3>{connectorName('wordpress')}</h3>
            <p>{t('settings.connections.wordpress')}</p>
          </li>
          <li className="panel">
            <h3>Figma</h3>
            <p>
              <Trans
                i18nKey="settings.connections.figma"
                components={{ link: <Link href={DASHBOARD_ROUTES.apiKeys} /> }}
              />
            </p>
          </li>
        </ul>
      </section>
    </Page>
  );
}
