import type { TestRunBody } from '../../shared/api/admin.js';
import type { RunResult, TraceStep } from '../../shared/model/runtime.js';
import type { TokenInfo } from '../../shared/model/token.js';
import { adminRequest } from '../api/client.js';
import { AdminApiError } from '../api/errors.js';

/** A live request's trace as `GET /logs/traces/:requestId` answers it. */
export type LiveTrace = { requestId: string; time: string; environment: string; apiId: string; version: number; steps: TraceStep[] };

/** How long a token list is reused for naming tokens in traces and the log. */
const TOKENS_TTL_MS = 5_000;
let tokensCache: { at: number; list: Promise<TokenInfo[]> } | null = null;

/** The admin endpoints the tester and the request log use. */
export const testerApi = {
  testRun: (apiId: string, body: TestRunBody) => adminRequest<RunResult>('POST', `/apis/${encodeURIComponent(apiId)}/test-run`, body),

  /** The kept trace of a live request, or null when none was kept (refused before the flow, too old, or not asked for). */
  liveTrace: async (requestId: string): Promise<LiveTrace | null> => {
    try {
      return await adminRequest<LiveTrace>('GET', `/logs/traces/${encodeURIComponent(requestId)}`);
    } catch (failure) {
      if (failure instanceof AdminApiError && failure.status === 404) return null;
      throw failure;
    }
  },

  /** Token metadata (never token strings), briefly cached since the log asks every few seconds. */
  tokens: (): Promise<TokenInfo[]> => {
    if (!tokensCache || Date.now() - tokensCache.at > TOKENS_TTL_MS) {
      const list = adminRequest<TokenInfo[]>('GET', '/tokens');
      tokensCache = { at: Date.now(), list };
      list.catch(() => (tokensCache = null));
    }
    return tokensCache.list;
  },
};
