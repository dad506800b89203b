import { useState, type FormEvent } from 'react';
import { DASHBOARD_ROUTES } from '../../../src/dashboard/dashboard-routes';
import { answer, hub, messageOf } from '../api';
import { Notice, Page } from '../components/page';
import { Link } from '../router';
import { useSession } from '../session';
import { formText } from '../form-text';

/** Sign in, or create an account: the same two fields, a different route. */
export function AuthPage({ mode, notice }: { mode: 'sign-in' | 'sign-up'; notice?: string }) {
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
    <Page title={signingUp ? 'Create an account' : 'Sign in'}>
      {notice && <Notice kind="status">{notice}</Notice>}
      <form
        onSubmit={(event) => void submit(event)}
        className="stack narrow"
        aria-describedby={error ? 'auth-error' : undefined}
      >
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required />
        <label htmlFor="password">Password</label>
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
            At least 10 characters.
          </p>
        )}
        <button type="submit" disabled={busy}>
          {signingUp ? 'Create account' : 'Sign in'}
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
            Already have an account? <Link href={DASHBOARD_ROUTES.signIn}>Sign in</Link>
          </>
        ) : (
          <>
            New here? <Link href={DASHBOARD_ROUTES.signUp}>Create an account</Link>
          </>
        )}
      </p>
    </Page>
  );
}
