import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DASHBOARD_ROUTES } from '../../../src/dashboard/dashboard-routes';
import { answer, hub, messageOf } from '../api';
import { Notice, Page } from '../components/page';
import { Link } from '../router';
import { useSession } from '../session';
import { formText } from '../form-text';

/** Sign in, or create an account: the same two fields, a different route. */
export function AuthPage({ mode, notice }: { mode: 'sign-in' | 'sign-up'; notice?: string }) {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const signingUp = mode === 'sign-up';

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    const credentials = { email: formText(form, 'email'), password: formText(form, 'password') };
    try {
      // Sign-up answers alike for new and taken emails and starts no session: signing in is the next step.
      if (signingUp) await answer(hub.POST('/v1/auth/signup', { body: credentials }));
      signIn(await answer(hub.POST('/v1/auth/login', { body: credentials })));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={signingUp ? t('shell.auth.signUpTitle') : t('shell.auth.signInTitle')}>
      {notice && <Notice kind="status">{notice}</Notice>}
      <form
        onSubmit={(event) => void submit(event)}
        className="stack narrow"
        aria-describedby={error ? 'auth-error' : undefined}
      >
        <label htmlFor="email">{t('shell.auth.email')}</label>
        <input id="email" name="email" type="email" autoComplete="email" required />
        <label htmlFor="password">{t('shell.auth.password')}</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete={signingUp ? 'new-password' : 'current-password'}
          minLength={signingUp ? 10 : undefined}
          aria-describedby={signingUp ? 'password-hint' : undefined}
          required
        />
        {signingUp && (
          <p id="password-hint" className="hint">
            {t('shell.auth.passwordHint')}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {signingUp ? t('shell.auth.signUp') : t('shell.auth.signIn')}
        </button>
        {error && (
          <p id="auth-error" role="alert" className="notice notice-error">
            {error}
          </p>
        )}
      </form>
      <p>
        {signingUp ? (
          <>
            {t('shell.auth.haveAccount')} <Link href={DASHBOARD_ROUTES.signIn}>{t('shell.auth.signIn')}</Link>
          </>
        ) : (
          <>
            {t('shell.auth.newHere')} <Link href={DASHBOARD_ROUTES.signUp}>{t('shell.auth.signUpTitle')}</Link>
          </>
        )}
      </p>
    </Page>
  );
}
