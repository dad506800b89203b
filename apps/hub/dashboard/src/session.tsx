import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AccountView } from '@tagphoto/contracts';
import { answer, ApiError, hub } from './api';
import { i18n } from './i18n/i18n';

type SessionState =
  { status: 'loading' } | { status: 'signed-out'; notice?: string } | { status: 'signed-in'; account: AccountView };

interface Session {
  state: SessionState;
  signIn: (account: AccountView) => void;
  signedOut: (notice?: string) => void;
}

const SessionContext = createContext<Session | undefined>(undefined);

/** Who is signed in, from GET /v1/auth/me at start; pages report sign-in and sign-out here. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  useEffect(() => {
    answer(hub.GET('/v1/auth/me'))
      .then((account) => setState({ status: 'signed-in', account }))
      .catch((error: unknown) => {
        setState({
          status: 'signed-out',
          notice: error instanceof ApiError && error.status === 401 ? undefined : i18n.t('shell.hub.unreachable'),
        });
      });
  }, []);
  const signIn = useCallback((account: AccountView) => setState({ status: 'signed-in', account }), []);
  const signedOut = useCallback((notice?: string) => setState({ status: 'signed-out', notice }), []);
  const value = useMemo(() => ({ state, signIn, signedOut }), [state, signIn, signedOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
