import { create } from 'zustand';
import type { TokenInfo } from '../../../shared/model/token.js';
import { useSession } from '../../stores/session.js';
import { inStepWith, isSessionToken, markRolled, type SessionToken } from './rolled-tokens.js';
import { forget, keep, readKept } from './session-keep.js';

export type { SessionToken };

/** The request tester's "send a request with this token", once it registers one. */
export type TryToken = (token: SessionToken) => void;

type SessionTokensState = {
  tokens: SessionToken[];
  add: (token: SessionToken) => void;
  /** Forgets a token that was revoked or deleted. */
  remove: (id: string) => void;
  /** After a roll: the old token stays, labelled, for its grace period (null: it stopped at once and goes). */
  markRolled: (oldId: string, newId: string, graceUntil: string | null) => void;
  /** Brings the kept tokens in step with the workspace's token list, asked for at `listedAt` (epoch ms). */
  sync: (infos: readonly TokenInfo[], listedAt: number) => void;
  clear: () => void;
  tryIt: TryToken | null;
};

const KEPT_KEY = 'tokens';
const isTokenList = (value: unknown): value is SessionToken[] => Array.isArray(value) && value.every(isSessionToken);

/**
 * Token strings created, rolled or pasted in this editor session, so the request tester can offer them. They
 * survive a reload of the tab (session-keep.ts: sessionStorage in a browser, memory only in the desktop app)
 * and are never written to localStorage, the URL or the workspace. Signing out forgets them.
 */
export const useSessionTokens = create<SessionTokensState>()((set, get) => {
  const put = (tokens: SessionToken[]): void => {
    set({ tokens });
    if (tokens.length > 0) keep(KEPT_KEY, tokens);
    else forget(KEPT_KEY);
  };
  return {
    tokens: readKept(KEPT_KEY, isTokenList) ?? [],
    add: (token) => put([{ ...token, addedAt: Date.now() }, ...get().tokens.filter((known) => known.id !== token.id)]),
    remove: (id) => put(get().tokens.filter((known) => known.id !== id)),
    markRolled: (oldId, newId, graceUntil) => put(markRolled(get().tokens, oldId, newId, graceUntil)),
    sync: (infos, listedAt) => {
      const tokens = get().tokens;
      const synced = inStepWith(tokens, infos, listedAt);
      if (JSON.stringify(synced) !== JSON.stringify(tokens)) put(synced);
    },
    clear: () => put([]),
    tryIt: null,
  };
});

/** Called by the request tester: enables "Try it now" in the token dialog. Returns the unregister function. */
export function registerTryIt(handler: TryToken): () => void {
  useSessionTokens.setState({ tryIt: handler });
  return () => {
    if (useSessionTokens.getState().tryIt === handler) useSessionTokens.setState({ tryIt: null });
  };
}

useSession.subscribe((state, previous) => {
  if (state.status === 'signed-out' && previous.status !== 'signed-out') useSessionTokens.getState().clear();
});
