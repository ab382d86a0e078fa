import { create } from 'zustand';
import { useSession } from '../../stores/session.js';

/** A token string issued in this session (created or rolled), so the request tester can offer it. */
export type SessionToken = { id: string; name: string; environment: string; token: string };

/** The request tester's "send a request with this token", once it registers one. */
export type TryToken = (token: SessionToken) => void;

type SessionTokensState = {
  tokens: SessionToken[];
  add: (token: SessionToken) => void;
  /** Forgets a token that was revoked or deleted. */
  remove: (id: string) => void;
  clear: () => void;
  tryIt: TryToken | null;
};

/**
 * Token strings live only here, in memory, for the life of the page: never in localStorage, sessionStorage,
 * the URL or the server. Signing out forgets them.
 */
export const useSessionTokens = create<SessionTokensState>()((set, get) => ({
  tokens: [],
  add: (token) => set({ tokens: [token, ...get().tokens.filter((known) => known.id !== token.id)] }),
  remove: (id) => set({ tokens: get().tokens.filter((known) => known.id !== id) }),
  clear: () => set({ tokens: [] }),
  tryIt: null,
}));

/** Called by the request tester: enables "Try it now" in the token dialog. Returns the unregister function. */
export function registerTryIt(handler: TryToken): () => void {
  useSessionTokens.setState({ tryIt: handler });
  return () => {
    if (useSessionTokens.getState().tryIt === handler) useSessionTokens.setState({ tryIt: null });
  };
}

useSession.subscribe((state, previous) => {
  if (state.status !== 'signed-in' && previous.status === 'signed-in') useSessionTokens.getState().clear();
});
