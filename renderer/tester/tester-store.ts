import { create } from 'zustand';
import type { HttpMethod } from '../../shared/model/api.js';
import type { HistoryEntry, TesterMode } from './history.js';
import type { RequestDraft } from './request-model.js';

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
    }
  | { kind: 'failure'; title: string; details: string[] }
);

type TesterState = {
  mode: TesterMode;
  environment: string;
  /** The request being edited, per API, for this session. */
  drafts: Record<string, RequestDraft>;
  tokenChoice: TokenChoice;
  /** A pasted token: memory only, like every token string in the editor. */
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

/** The request tester's state. Sending lives in send.ts; nothing here is written to storage. */
export const useTester = create<TesterState>()((set, get) => ({
  mode: 'live',
  environment: 'dev',
  drafts: {},
  tokenChoice: { kind: 'none' },
  pastedToken: '',
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
