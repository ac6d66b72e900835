import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, hasScope, onSession, refreshSession, setSession, type TokenResponse } from './api';

export interface Session {
  tokens: TokenResponse;
  organizationId: string;
  organizationName: string;
  role: string;
  email: string;
  platformAdmin: boolean;
}

interface SessionContextValue {
  session: Session | null;
  /** True until the first refresh through the cookie has answered. */
  restoring: boolean;
  signIn(email: string, password: string): Promise<void>;
  register(body: { tenant_name: string; email: string; password: string; full_name: string }): Promise<void>;
  switchOrganization(organizationId: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

function toSession(tokens: TokenResponse | null): Session | null {
  if (!tokens) return null;
  return {
    tokens,
    organizationId: tokens.tenant_id,
    organizationName: tokens.tenant_name,
    role: tokens.user?.role ?? 'member',
    email: tokens.user?.email ?? '',
    platformAdmin: hasScope('platform:admin'),
  };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setState] = useState<Session | null>(null);
  const [restoring, setRestoring] = useState(true);

  useEffect(() => onSession((tokens) => setState(toSession(tokens))), []);
  useEffect(() => {
    // A reload keeps no token: the refresh cookie brings the session back.
    refreshSession().finally(() => setRestoring(false));
  }, []);
  // Refresh a minute before the access token expires.
  useEffect(() => {
    if (!session) return undefined;
    const delay = Math.max(10, session.tokens.expires_in - 60) * 1000;
    const timer = setTimeout(() => void refreshSession(), delay);
    return () => clearTimeout(timer);
  }, [session]);

  const signIn = useCallback(async (email: string, password: string) => {
    setSession(await api<TokenResponse>('/api/v1/auth/login', { method: 'POST', body: { email, password }, session: true }));
  }, []);
  const register = useCallback(async (body: Record<string, string>) => {
    setSession(await api<TokenResponse>('/api/v1/auth/register', { method: 'POST', body, session: true }));
  }, []);
  const switchOrganization = useCallback(async (organizationId: string) => {
    const tokens = await api<TokenResponse>('/api/v1/auth/switch-organization', {
      method: 'POST',
      body: { organization_id: organizationId },
      headers: { 'X-Refresh-Cookie': 'true' },
    });
    setSession(tokens);
  }, []);
  const signOut = useCallback(async () => {
    try {
      await api('/api/v1/auth/logout', { method: 'POST', session: true });
    } finally {
      setSession(null);
    }
  }, []);

  const value = useMemo(
    () => ({ session, restoring, signIn, register, switchOrganization, signOut }),
    [session, restoring, signIn, register, switchOrganization, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in session (pages behind the sign-in only). */
export function useSignedIn(): Session {
  const { session } = useSession();
  if (!session) throw new Error('not signed in');
  return session;
}

export function canAdminister(session: Session): boolean {
  return session.role === 'admin' || session.role === 'owner';
}
