import { createContext, ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation } from 'react-router';
import { currentSession, SessionUser, UNAUTHENTICATED_EVENT } from './api';
import { ErrorBox, Loading } from './ui';

interface SessionState {
  user: SessionUser | null;
  setUser(user: SessionUser | null): void;
}

const SessionContext = createContext<SessionState>({ user: null, setUser: () => undefined });

export function useSession(): SessionState {
  return useContext(SessionContext);
}

/** Knows who is signed in; a 401 from any API call signs the browser out. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUserState] = useState<SessionUser | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const client = useQueryClient();
  // What the server answered is per person (a private incident shows only to its team): when the
  // session ends or changes hands, nothing cached for the last one is shown to the next.
  const userId = user?.id ?? null;
  useEffect(() => () => client.clear(), [client, userId]);
  const setUser = useCallback((next: SessionUser | null) => setUserState(next), []);
  const load = useCallback(() => {
    setError(null);
    currentSession().then(setUserState, setError);
  }, []);

  useEffect(load, [load]);
  useEffect(() => {
    const signedOut = () => setUserState(null);
    window.addEventListener(UNAUTHENTICATED_EVENT, signedOut);
    return () => window.removeEventListener(UNAUTHENTICATED_EVENT, signedOut);
  }, []);

  if (error) return <ErrorBox error={error} onRetry={load} />;
  if (user === undefined) return <Loading what="your session" />;
  return <SessionContext.Provider value={{ user, setUser }}>{children}</SessionContext.Provider>;
}

/** Pages behind it need a signed-in user; others are sent to the sign-in page and come back. */
export function RequireSession() {
  const { user } = useSession();
  const location = useLocation();
  if (!user) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}
