import { useMemo, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { answer, hub, messageOf } from '../api';
import { Notice, Page } from '../components/page';

interface SiteRequest {
  siteUrl: string;
  siteName: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256';
}

/** Why a link cannot be used: the name of the text that says so. */
type Problem = 'badMethod' | 'incomplete';

/** The request the plugin's "Connect to TagPhoto" put in the address, or why it cannot be used. */
function readRequest(search: string): SiteRequest | Problem {
  const query = new URLSearchParams(search);
  if (query.get('code_challenge_method') !== 'S256') return 'badMethod';
  const request: SiteRequest = {
    siteUrl: query.get('site_url') ?? '',
    siteName: query.get('site_name') ?? '',
    redirectUri: query.get('redirect_uri') ?? '',
    state: query.get('state') ?? '',
    codeChallenge: query.get('code_challenge') ?? '',
    codeChallengeMethod: 'S256',
  };
  if (!request.siteUrl || !request.redirectUri || !request.state || !request.codeChallenge) return 'incomplete';
  return request;
}

/** Where "Deny" goes: back to the site, only when the address really is the site's (the hub checks it again on approval). */
function sameSite(redirectUri: string, siteUrl: string): boolean {
  try {
    return new URL(redirectUri).origin === new URL(siteUrl).origin;
  } catch {
    return false;
  }
}

/** The site owner approves a WordPress site; the site then gets its own API key and callback secret from the hub. */
export function ConnectWordPressPage() {
  const { t } = useTranslation();
  const request = useMemo(() => readRequest(window.location.search), []);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  if (typeof request === 'string') {
    return (
      <Page title={t('settings.wordpress.title')}>
        <Notice kind="error">{t(`settings.wordpress.${request}`)}</Notice>
      </Page>
    );
  }

  const approve = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const { redirectUrl } = await answer(hub.POST('/v1/wordpress/authorizations', { body: request }));
      window.location.assign(redirectUrl);
    } catch (caught) {
      setError(messageOf(caught));
      setBusy(false);
    }
  };

  const deny = () => {
    const back = new URL(request.redirectUri);
    back.searchParams.set('error', 'access_denied');
    back.searchParams.set('state', request.state);
    window.location.assign(back.toString());
  };

  return (
    <Page title={t('settings.wordpress.title')}>
      {error && <Notice kind="error">{error}</Notice>}
      <p>
        <Trans
          i18nKey="settings.wordpress.asks"
          values={{ site: request.siteName || request.siteUrl, url: request.siteUrl }}
          components={{ strong: <strong /> }}
        />
      </p>
      <p>{t('settings.wordpress.explain')}</p>
      <p className="actions">
        <button type="button" onClick={() => void approve()} disabled={busy}>
          {t('settings.wordpress.approve')}
        </button>{' '}
        {sameSite(request.redirectUri, request.siteUrl) && (
          <button type="button" onClick={deny} disabled={busy}>
            {t('settings.wordpress.deny')}
          </button>
        )}
      </p>
    </Page>
  );
}
