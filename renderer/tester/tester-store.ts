import { create } from 'zustand';
import { useSession } from '../stores/session.js';
import type { HttpMethod } from '../../shared/model/api.js';
import type { HistoryEntry, TesterMode } from './history.js';
import type { RequestDraft } from './request-model.js';
import { forgetTester, recallTester, rememberTester, type TesterMemory } from './tester-memory.js';

/** Where the token comes from: none, one created in this session (by id), or pasted into the field. */
export type TokenChoice = { kind: 'none' } | { kind: 'session'; id: string } | { kind: 'pasted' };

/** What came back, or why nothing did. */
export type TesterResult = {
  apiId: string;
  mode: TesterMode;
  environment: string;
  method: HttpMethod;
  url: string;
  at: number;
} & (
  | {
      kind: 'answer';
      status: number;
      headers: [string, string][];
      body: string;
      bytes: number;
      durationMs: number;
      requestId: string | null;
      /** Why the canvas shows no path, when it does not. */
      traceNote: string | null;
      /** Draft only: hosts the draft tried to call that this session has not allowed yet. */
      callsToAllow?: string[];
    }
  | { kind: 'failure'; title: string; details: string[] }
);

type TesterState = {
  mode: TesterMode;
  environment: string;
  /** The request being edited, per API, for this session. */
  drafts: Record<string, RequestDraft>;
  tokenChoice: TokenChoice;
  /** A pasted token: kept for this session only, like every token string in the editor (tester-memory.ts). */
  pastedToken: string;
  includeTokenInCode: boolean;
  sending: boolean;
  controller: AbortController | null;
  result: TesterResult | null;
  history: HistoryEntry[];
  setMode: (mode: TesterMode) => void;
  setEnvironment: (environment: string) => void;
  setDraft: (apiId: string, draft: RequestDraft) => void;
  setToken: (choice: TokenChoice, pasted?: string) => void;
  setIncludeTokenInCode: (include: boolean) => void;
  cancel: () => void;
};

const FRESH: TesterMemory = { mode: 'live', environment: 'dev', drafts: {}, tokenChoice: { kind: 'none' }, pastedToken: '' };

/** The request tester's state. Sending lives in send.ts; what a reload must not lose is kept for the session (tester-memory.ts). */
export const useTester = create<TesterState>()((set, get) => ({
  ...(recallTester() ?? FRESH),
  includeTokenInCode: false,
  sending: false,
  controller: null,
  result: null,
  history: [],
  setMode: (mode) => set({ mode }),
  setEnvironment: (environment) => set({ environment }),
  setDraft: (apiId, draft) => set({ drafts: { ...get().drafts, [apiId]: draft } }),
  setToken: (tokenChoice, pasted) => set(pasted === undefined ? { tokenChoice } : { tokenChoice, pastedToken: pasted }),
  setIncludeTokenInCode: (includeTokenInCode) => set({ includeTokenInCode }),
  cancel: () => {
    get().controller?.abort();
    set({ sending: false, controller: null });
  },
}));

useTester.subscribe((state, previous) => {
  const { mode, environment, drafts, tokenChoice, pastedToken } = state;
  if (mode === previous.mode && environment === previous.environment && drafts === previous.drafts && tokenChoice === previous.tokenChoice && pastedToken === previous.pastedToken) return;
  rememberTester({ mode, environment, drafts, tokenChoice, pastedToken });
});

// Signing out forgets the pasted token and the requests, as it forgets the created tokens.
useSession.subscribe((state, previous) => {
  if (state.status !== 'signed-out' || previous.status === 'signed-out') return;
  useTester.setState({ ...FRESH, result: null, history: [] });
  forgetTester();
});
