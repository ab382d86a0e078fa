import { create } from 'zustand';
import { admin, onUnauthorized } from '../api/client.js';
import { AdminApiError, errorMessage } from '../api/errors.js';

/** Why the sign-in screen is showing. */
export type SignInReason = 'none' | 'expired-link' | 'session-ended' | 'signed-out';

type SessionState = {
  status: 'checking' | 'signed-out' | 'signed-in' | 'unreachable';
  runtimeUrl: string;
  reason: SignInReason;
  error: string | null;
  check: () => Promise<void>;
  signIn: (key: string) => Promise<boolean>;
  signOut: () => Promise<void>;
};

export const useSession = create<SessionState>()((set, get) => ({
  status: 'checking',
  runtimeUrl: '',
  reason: 'none',
  error: null,

  check: async () => {
    try {
      const session = await admin.session.get();
      if (session.signedIn) set({ status: 'signed-in', runtimeUrl: session.runtimeUrl, error: null });
      else set({ status: 'signed-out' });
    } catch (failure) {
      if (failure instanceof AdminApiError && failure.status === 401) set({ status: 'signed-out' });
      else set({ status: 'unreachable', error: errorMessage(failure) });
    }
  },

  signIn: async (key) => {
    set({ error: null });
    try {
      await admin.session.signIn({ body: { key: key.trim() } });
    } catch (failure) {
      set({ error: failure instanceof AdminApiError && failure.status === 401 ? 'That is not this workspace’s admin key.' : errorMessage(failure) });
      return false;
    }
    set({ reason: 'none' });
    await get().check();
    return get().status === 'signed-in';
  },

  signOut: async () => {
    await admin.session.signOut().catch(() => undefined);
    set({ status: 'signed-out', reason: 'signed-out' });
  },
}));

/** Reads `?signin=expired` (set by a used or stale login link) once, and removes it from the address bar. */
export function takeSignInReasonFromUrl(): void {
  const url = new URL(window.location.href);
  if (url.searchParams.get('signin') !== 'expired') return;
  url.searchParams.delete('signin');
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  useSession.setState({ reason: 'expired-link' });
}

onUnauthorized(() => {
  if (useSession.getState().status === 'signed-in') useSession.setState({ status: 'signed-out', reason: 'session-ended' });
});
