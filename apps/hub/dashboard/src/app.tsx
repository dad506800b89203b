import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { DASHBOARD_ROUTES } from '../../src/dashboard/dashboard-routes';
import { answer, hub } from './api';
import { LanguagePicker } from './components/language-picker';
import { Link, useRouter } from './router';
import { useSession } from './session';
import { ApiKeysPage } from './pages/api-keys.page';
import { AuditPage } from './pages/audit.page';
import { AuthPage } from './pages/auth.page';
import { ConnectionsPage } from './pages/connections.page';
import { ConnectWordPressPage } from './pages/connect-wordpress.page';
import { GalleryPage } from './pages/gallery.page';
import { ImagePage } from './pages/image.page';
import { PrivacyPage } from './pages/privacy.page';
import { ReviewPage } from './pages/review.page';
import { useReviewCount } from './review-count';
import { WebhooksPage } from './pages/webhooks.page';

const NAVIGATION = [
  { href: DASHBOARD_ROUTES.gallery, label: 'images' },
  { href: DASHBOARD_ROUTES.review, label: 'review' },
  { href: DASHBOARD_ROUTES.connections, label: 'connections' },
  { href: DASHBOARD_ROUTES.apiKeys, label: 'apiKeys' },
  { href: DASHBOARD_ROUTES.webhooks, label: 'webhooks' },
  { href: DASHBOARD_ROUTES.privacy, label: 'privacy' },
  { href: DASHBOARD_ROUTES.audit, label: 'audit' },
] as const;

const PUBLIC_ROUTES: readonly string[] = [DASHBOARD_ROUTES.signIn, DASHBOARD_ROUTES.signUp];

/** Where to go after signing in: the page that asked for it (a WordPress site's approval), never another origin. */
function afterSignIn(): string {
  const next = new URLSearchParams(window.location.search).get('next') ?? '';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : DASHBOARD_ROUTES.gallery;
}

function SignedInPage({ path }: { path: string }) {
  if (path.startsWith(`${DASHBOARD_ROUTES.images}/`))
    return <ImagePage id={decodeURIComponent(path.slice(DASHBOARD_ROUTES.images.length + 1))} />;
  switch (path) {
    case DASHBOARD_ROUTES.review:
      return <ReviewPage />;
    case DASHBOARD_ROUTES.connections:
      return <ConnectionsPage />;
    case DASHBOARD_ROUTES.connectWordPress:
      return <ConnectWordPressPage />;
    case DASHBOARD_ROUTES.apiKeys:
      return <ApiKeysPage />;
    case DASHBOARD_ROUTES.webhooks:
      return <WebhooksPage />;
    case DASHBOARD_ROUTES.privacy:
      return <PrivacyPage />;
    case DASHBOARD_ROUTES.audit:
      return <AuditPage />;
    default:
      return <GalleryPage />;
  }
}

export function App() {
  const { t } = useTranslation();
  const { path, navigate } = useRouter();
  const { state, signedOut } = useSession();
  const { count: reviewCount } = useReviewCount();
  const isPublic = PUBLIC_ROUTES.includes(path);

  useEffect(() => {
    if (state.status === 'signed-out' && !isPublic) {
      // A WordPress site's approval link comes from outside the dashboard: it is where signing in leads back to.
      const back =
        path === DASHBOARD_ROUTES.connectWordPress
          ? `?next=${encodeURIComponent(`${path}${window.location.search}`)}`
          : '';
      navigate(`${DASHBOARD_ROUTES.signIn}${back}`, { replace: true });
    }
    if (state.status === 'signed-in' && isPublic) navigate(afterSignIn(), { replace: true });
  }, [state.status, isPublic, navigate, path]);

  const signOut = async () => {
    await answer(hub.POST('/v1/auth/logout'));
    signedOut(t('shell.signedOut'));
  };

  return (
    <>
      <a className="skip-link" href="#main">
        {t('shell.skipLink')}
      </a>
      <header className="site-header">
        <p className="brand">
          <Link href={DASHBOARD_ROUTES.gallery}>TagPhoto</Link>
        </p>
        {state.status === 'signed-in' && (
          <>
            <nav aria-label={t('shell.mainNavigation')}>
              <ul>
                {NAVIGATION.map((item) => (
                  <li key={item.href}>
                    <Link href={item.href}>
                      {t(`shell.nav.${item.label}`)}
                      {item.href === DASHBOARD_ROUTES.review && reviewCount !== undefined && (
                        <span className="nav-count">
                          {' '}
                          {reviewCount}
                          <span className="visually-hidden"> {t('shell.waiting')}</span>
                        </span>
                      )}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
            <div className="account">
              <span>{t('shell.signedInAs', { email: state.account.email })}</span>
              <button type="button" onClick={() => void signOut()}>
                {t('shell.signOut')}
              </button>
            </div>
          </>
        )}
        <LanguagePicker />
      </header>
      <main id="main" tabIndex={-1}>
        {state.status === 'loading' && <p role="status">{t('shell.loading')}</p>}
        {state.status === 'signed-out' && (
          <AuthPage mode={path === DASHBOARD_ROUTES.signUp ? 'sign-up' : 'sign-in'} notice={state.notice} />
        )}
        {state.status === 'signed-in' && !isPublic && <SignedInPage path={path} />}
      </main>
      <footer className="site-footer">
        <p>
          {t('shell.footer')} <a href="/docs">{t('shell.apiDocs')}</a>
        </p>
      </footer>
    </>
  );
}
