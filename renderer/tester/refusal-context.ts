import { admin } from '../api/client.js';
import { recentTokens } from '../api/token-list.js';
import { useApis } from '../stores/apis.js';
import { useEditor } from '../stores/editor.js';
import { resolveToken } from './current-request.js';
import type { Refusal } from './refusal.js';
import type { TesterResult } from './tester-store.js';

type Answer = Extract<TesterResult, { kind: 'answer' }>;

/** The request log is written in batches (every 100 ms on the server): look for the refused row a few times. */
const LOG_LOOKUP_DELAYS_MS = [0, 150, 300, 600, 1200];
/** A refused request is among this many latest 403s of its API. */
const LOG_LOOKUP_ROWS = 50;
/** Draft runs are checked as calls from this machine (server/services/test-run.ts). */
const DRAFT_CALLER_IP = '127.0.0.1';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The `error.code` and `error.message` of Flowgate's error shape. */
export function errorOf(body: string): { code: string | null; message: string | null } {
  try {
    const error = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown } }).error;
    return { code: typeof error?.code === 'string' ? error.code : null, message: typeof error?.message === 'string' ? error.message : null };
  } catch {
    return { code: null, message: null };
  }
}

/** The log row of a live request: the address the runtime saw and the token it refused. */
async function loggedRequest(apiId: string, requestId: string, signal: AbortSignal): Promise<{ ip: string; tokenId: string | null } | null> {
  for (const delay of LOG_LOOKUP_DELAYS_MS) {
    await pause(delay);
    if (signal.aborted) return null;
    const rows = await admin.logs.list({ query: { api: apiId, status: '403', limit: LOG_LOOKUP_ROWS } });
    const row = rows.find((candidate) => candidate.requestId === requestId);
    if (row) return { ip: row.ip, tokenId: row.tokenId };
  }
  return null;
}

/** Everything the tester can learn about why an answer was a 403: the rule from the runtime's code, the caller's address, the token. */
export async function loadRefusal(answer: Answer, signal: AbortSignal): Promise<Refusal> {
  const { code, message } = errorOf(answer.body);
  const logged = answer.mode === 'live' && answer.requestId ? await loggedRequest(answer.apiId, answer.requestId, signal).catch(() => null) : null;
  const tokenId = answer.mode === 'live' ? (logged?.tokenId ?? null) : resolveToken().tokenId;
  const token = tokenId ? ((await recentTokens().catch(() => [])).find((candidate) => candidate.id === tokenId) ?? null) : null;
  const api = useApis.getState().apis.find((candidate) => candidate.id === answer.apiId);
  const deployment = api?.deployments.find((candidate) => candidate.environment === answer.environment);
  const editor = useEditor.getState();
  // Live answers come from the published version: its rules are the draft's only while the draft is unchanged.
  const rulesKnown = editor.apiId === answer.apiId && (answer.mode === 'draft' || deployment?.draftChanged === false);
  return {
    code,
    message,
    environment: answer.environment,
    token,
    auth: rulesKnown ? editor.endpoint.auth : null,
    groupNames: new Map((useApis.getState().keyGroups ?? []).map((group) => [group.id, group.name])),
    callerIp: answer.mode === 'draft' ? DRAFT_CALLER_IP : (logged?.ip ?? null),
  };
}
