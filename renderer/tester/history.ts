import type { HttpMethod } from '../../shared/model/api.js';
import type { RequestDraft, Row } from './request-model.js';

export type TesterMode = 'live' | 'draft';

/** A request sent from the tester, kept per API so it can be sent again. Never holds a token. */
export type HistoryEntry = {
  id: string;
  at: number;
  mode: TesterMode;
  environment: string;
  method: HttpMethod;
  url: string;
  draft: RequestDraft;
  status: number | null;
  durationMs: number | null;
};

/** The storage the history lives in (localStorage in the app, a map in tests). */
export type HistoryStorage = Pick<Storage, 'getItem' | 'setItem'>;

export const MAX_HISTORY = 25;
const KEY_PREFIX = 'flowgate.tester.history.';
const REMOVED = '<token removed>';
/** Headers whose values are credentials: their lines are dropped, not just blanked. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key']);
/** Shorter strings are not tokens, and replacing them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 8;

const scrub = (text: string, secrets: readonly string[]): string => secrets.reduce((out, secret) => out.split(secret).join(REMOVED), text);

/**
 * What may be written to disk of a request: without credential headers, and with every occurrence of the
 * given secrets (the token strings in memory) replaced, wherever the user may have pasted one.
 */
export function sanitizeEntry(entry: HistoryEntry, secrets: readonly string[]): HistoryEntry {
  const known = secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH);
  const row = (line: Row): Row => ({ ...line, name: scrub(line.name, known), value: scrub(line.value, known) });
  const draft = entry.draft;
  return {
    ...entry,
    url: scrub(entry.url, known),
    draft: {
      params: Object.fromEntries(Object.entries(draft.params).map(([name, value]) => [name, scrub(value, known)])),
      query: draft.query.map(row),
      headers: draft.headers.filter((line) => !SECRET_HEADERS.has(line.name.trim().toLowerCase())).map(row),
      body: scrub(draft.body, known),
    },
  };
}

const isEntry = (value: unknown): value is HistoryEntry =>
  typeof value === 'object' && value !== null && typeof (value as HistoryEntry).id === 'string' && typeof (value as HistoryEntry).draft === 'object';

export function loadHistory(storage: HistoryStorage, apiId: string): HistoryEntry[] {
  try {
    const parsed = JSON.parse(storage.getItem(KEY_PREFIX + apiId) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
  } catch {
    return [];
  }
}

/** Adds a request at the top (sanitized), keeps the newest MAX_HISTORY, and answers the new list. */
export function addToHistory(storage: HistoryStorage, apiId: string, entry: HistoryEntry, secrets: readonly string[]): HistoryEntry[] {
  const list = [sanitizeEntry(entry, secrets), ...loadHistory(storage, apiId)].slice(0, MAX_HISTORY);
  try {
    storage.setItem(KEY_PREFIX + apiId, JSON.stringify(list));
  } catch {
    // A full or unavailable storage costs the history, not the request.
  }
  return list;
}

export function clearHistory(storage: HistoryStorage, apiId: string): void {
  try {
    storage.setItem(KEY_PREFIX + apiId, '[]');
  } catch {
    // Nothing to clear when storage is unavailable.
  }
}
