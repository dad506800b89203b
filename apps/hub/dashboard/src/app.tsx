import { useEffect } from 'react';
import { DASHBOARD_ROUTES } from '../../src/dashboard/dashboard-routes';
import { answer, hub } from './api';
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

const NAVIGATION: Array<{ href: string; label: string }> = [
  { href: DASHBOARD_ROUTES.gallery, label: 'Images' },
  { href: DASHBOARD_ROUTES.review, label: 'Needs review' },
  { href: DASHBOARD_ROUTES.connections, label: 'Connections' },
  { href: DASHBOARD_ROUTES.apiKeys, label: 'API keys' },
  { href: DASHBOARD_ROUTES.webhooks, label: 'Webhooks' },
  { href: DASHBOARD_ROUTES.privacy, label: 'Privacy & account' },
  { href: DASHBOARD_ROUTES.audit, label: 'Security log' },
];

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
    signedOut('You are signed out.');
  };

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="site-header">
        <p className="brand">
          <Link href={DASHBOARD_ROUTES.gallery}>TagPhoto</Link>
        </p>
        {state.status === 'signed-in' && (
          <>
            <nav aria-label="Main">
              <ul>
                {NAVIGATION.map((item) => (
                  <li key={item.href}>
                    <Link href={item.href}>
                      {item.label}
                      {item.href === DASHBOARD_ROUTES.review && reviewCount !== undefined && (
                        <span className="nav-count">
                          {' '}
                          {reviewCount}
                          <span className="visually-hidden"> waiting</span>
                        </span>
                      )}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
            <div className="account">
              <span>Signed in as {state.account.email}</span>
              <button type="button" onClick={() => void signOut()}>
                Sign out
              </button>
            </div>
          </>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {state.status === 'loading' && <p role="status">Loading…</p>}
        {state.status === 'signed-out' && (
          <AuthPage mode={path === DASHBOARD_ROUTES.signUp ? 'sign-up' : 'sign-in'} notice={state.notice} />
        )}
        {state.status === 'signed-in' && !isPublic && <SignedInPage path={path} />}
      </main>
      <footer className="site-footer">
        <p>
          Images are tagged on this machine and stored encrypted. <a href="/docs">API documentation</a>
        </p>
      </footer>
    </>
  );
}
