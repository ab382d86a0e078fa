import { describe, expect, it } from 'vitest';
import { addToHistory, loadHistory, MAX_HISTORY, sanitizeEntry, type HistoryEntry, type HistoryStorage } from '../../../renderer/tester/history.js';
import { newRow } from '../../../renderer/tester/request-model.js';

const TOKEN = 'eyJhbGciOiJFZERTQSJ9.eyJqdGkiOiJ0b2tfMSJ9.c2lnbmF0dXJl';

function memoryStorage(): HistoryStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (key) => data.get(key) ?? null, setItem: (key, value) => void data.set(key, value) };
}

const entry = (id: string): HistoryEntry => ({
  id,
  at: 1,
  mode: 'live',
  environment: 'dev',
  method: 'POST',
  url: `http://h/dev/users?note=${TOKEN}`,
  draft: {
    params: { id: TOKEN },
    query: [newRow('q', `x ${TOKEN}`)],
    headers: [newRow('Authorization', `Bearer ${TOKEN}`), newRow('authorization ', 'Bearer other-secret'), newRow('Cookie', 'a=b'), newRow('X-Note', 'kept')],
    body: JSON.stringify({ token: TOKEN, name: 'Ada' }),
  },
  status: 200,
  durationMs: 3,
});

describe('tester history', () => {
  it('drops Authorization and cookie lines and replaces every token string in memory', () => {
    const clean = sanitizeEntry(entry('h1'), [TOKEN, 'short']);
    const text = JSON.stringify(clean);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('other-secret');
    expect(clean.draft.headers.map((row) => row.name)).toEqual(['X-Note']);
    expect(JSON.parse(clean.draft.body)).toEqual({ token: '<token removed>', name: 'Ada' });
    expect(clean.draft.params.id).toBe('<token removed>');
  });

  it('writes only sanitized entries, newest first, at most MAX_HISTORY per API', () => {
    const storage = memoryStorage();
    for (let index = 0; index < MAX_HISTORY + 3; index++) addToHistory(storage, 'api_1', entry(`h${index}`), [TOKEN]);
    const list = loadHistory(storage, 'api_1');
    expect(list).toHaveLength(MAX_HISTORY);
    expect(list[0]!.id).toBe(`h${MAX_HISTORY + 2}`);
    expect([...storage.data.values()].join('')).not.toContain(TOKEN);
    expect([...storage.data.values()].join('').toLowerCase()).not.toContain('bearer');
    expect(loadHistory(storage, 'api_2')).toEqual([]);
  });

  it('reads a damaged history as empty', () => {
    const storage = memoryStorage();
    storage.setItem('flowgate.tester.history.api_1', '{not json');
    expect(loadHistory(storage, 'api_1')).toEqual([]);
  });
});
