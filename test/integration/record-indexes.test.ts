import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteRecordStore } from '../../server/workspace/sqlite-record-store.js';
import { getJson } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { sqliteDatabase } from '../../server/storage/storage.js';

/** GET /people?team=…&cursor=… → record.query (a typeVersion, a filter, a sort) → respond with its output. */
const listPeople = (options: { path?: string; typeVersion?: number; filter?: string; sort?: string; extra?: Record<string, unknown> } = {}) => ({
  name: `List people ${options.path ?? '/people'}`,
  method: 'GET',
  path: options.path ?? '/people',
  flow: {
    nodes: [
      { id: 'r', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      {
        id: 'q',
        type: 'record.query',
        typeVersion: options.typeVersion ?? 2,
        key: 'people',
        position: { x: 200, y: 0 },
        config: { collection: 'people', filter: options.filter ?? '{"team": request.query.team}', sort: options.sort ?? '-age', limit: 'request.query.limit', ...options.extra },
      },
      { id: 'o', type: 'respond', key: 'answer', position: { x: 400, y: 0 }, config: { status: 200, body: 'steps.people' } },
    ],
    edges: [
      { id: 'e1', source: 'r', sourceHandle: 'out', target: 'q' },
      { id: 'e2', source: 'q', sourceHandle: 'out', target: 'o' },
    ],
  },
});

const TEAMS = ['red', 'green', 'blue'];
const PEOPLE = 60;
/** Ages repeat every 5 people, so a page boundary falls inside a run of equal ages. */
const person = (n: number) => ({ id: `p${n}`, name: `Person ${n}`, team: TEAMS[n % 3], age: 30 + (n % 5) });

type CollectionList = { name: string; records: number; indexes: { fields: string[]; state: string; progress: number }[] }[];

async function indexesOf(server: TestServer, collection: string): Promise<CollectionList[number]['indexes']> {
  const list = await server.admin('GET', '/collections');
  expect(list.status).toBe(200);
  return (list.body as CollectionList).find((entry) => entry.name === collection)?.indexes ?? [];
}

async function publish(server: TestServer, definition: unknown): Promise<string> {
  const created = await server.admin('POST', '/apis', definition);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const published = await server.admin('POST', `/apis/${created.body.id}/publish`, { environment: 'dev' });
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  return created.body.id as string;
}

const keyTables = (server: TestServer): string[] =>
  (sqliteDatabase(server.built.services.storage).prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'record_keys_%'").all() as { name: string }[]).map((row) => row.name);

describe('indexes made at publish for record.query', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
    const seeded = await server.admin('POST', '/collections/people/records', { records: Array.from({ length: PEOPLE }, (_, n) => person(n)) });
    expect(seeded.status, JSON.stringify(seeded.body)).toBe(201);
  });
  afterEach(() => server.close());

  it('indexes the filter and sort fields at publish, reads them (EXPLAIN QUERY PLAN), and drops them at unpublish', async () => {
    const id = await publish(server, listPeople());
    await expect.poll(async () => (await indexesOf(server, 'people')).map((index) => `${index.fields.join('+')}:${index.state}`).sort()).toEqual(['age:ready', 'team+age:ready']);

    const store = new SqliteRecordStore(sqliteDatabase(server.built.services.storage));
    const plan = store.planOf('people', { filter: { team: 'red' }, sort: '-age', limit: 20 });
    expect(plan[0]).toBe('SEARCH k USING PRIMARY KEY (k1=?)');
    expect(plan.join(' | ')).toContain('SEARCH r USING INTEGER PRIMARY KEY (rowid=?)');
    expect(store.planOf('people', { filter: {}, sort: '-age', limit: 20 })[0]).toBe('SCAN k');
    expect(keyTables(server)).toHaveLength(2);

    expect((await server.admin('POST', `/apis/${id}/unpublish`, { environment: 'dev' })).status).toBe(204);
    await expect.poll(async () => (await indexesOf(server, 'people')).length).toBe(0);
    await expect.poll(() => keyTables(server)).toEqual([]);
    // Writes go on without the dropped indexes' triggers.
    expect((await server.admin('POST', '/collections/people/records', { record: { id: 'late', team: 'red' } })).status).toBe(201);
  });

  it('indexes what a workspace import publishes, as a publish would', async () => {
    await publish(server, listPeople());
    const exported = await server.admin('GET', '/workspace/export');
    expect(exported.status).toBe(200);
    const target = await startTestServer();
    try {
      const imported = await target.admin('POST', '/workspace/import', { file: exported.body });
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
      await expect.poll(async () => (await indexesOf(target, 'people')).map((index) => index.fields.join('+')).sort()).toEqual(['age', 'team+age']);
    } finally {
      await target.close();
    }
  });

  it('keeps an index while another published API still reads it', async () => {
    const first = await publish(server, listPeople());
    await publish(server, listPeople({ path: '/people/by-team', sort: '' }));
    await expect.poll(async () => (await indexesOf(server, 'people')).map((index) => index.fields.join('+')).sort()).toEqual(['age', 'team', 'team+age']);
    expect((await server.admin('DELETE', `/apis/${first}`)).status).toBe(204);
    await expect.poll(async () => (await indexesOf(server, 'people')).map((index) => index.fields.join('+'))).toEqual(['team']);
  });

  it('pages through the published API with a cursor, across ties, and counts only when asked', async () => {
    await publish(server, listPeople());
    await publish(server, listPeople({ path: '/people/counted', extra: { count: true } }));
    await expect.poll(async () => (await indexesOf(server, 'people')).every((index) => index.state === 'ready')).toBe(true);

    const seen: { id: string; age: number }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `team=red&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await getJson(`${server.runtimeUrl}/dev/people?${query}`);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(Object.keys(page.body).sort()).toEqual(['items', 'nextCursor']);
      seen.push(...(page.body.items as { id: string; age: number }[]));
      cursor = page.body.nextCursor as string | null;
      pages++;
    } while (cursor);
    const reds = Array.from({ length: PEOPLE }, (_, n) => person(n)).filter((p) => p.team === 'red');
    expect(pages).toBe(Math.ceil(reds.length / 3));
    // Descending age, ties in the reverse of insertion order: no record twice, none missed.
    const expected = [...reds].sort((a, b) => b.age - a.age || Number(b.id.slice(1)) - Number(a.id.slice(1))).map((p) => p.id);
    expect(seen.map((p) => p.id)).toEqual(expected);

    const counted = await getJson(`${server.runtimeUrl}/dev/people/counted?team=blue&limit=2`);
    expect(counted.body.total).toBe(PEOPLE / 3);
    expect(counted.body.items).toHaveLength(2);

    const foreign = await getJson(`${server.runtimeUrl}/dev/people?team=red&cursor=bm90LWEtY3Vyc29y`);
    expect(foreign.status).toBe(500);
    expect(foreign.body.error.code).toBe('node_failed');
  });

  it('keeps version 1 nodes answering {items, total} with offset paging', async () => {
    await publish(server, listPeople({ typeVersion: 1, sort: 'name', extra: { offset: 'request.query.offset' } }));
    // Greens are p1, p4, p7…; by name (as text) "Person 1", "Person 10", "Person 13", "Person 16"…
    const page = await getJson(`${server.runtimeUrl}/dev/people?team=green&limit=2&offset=2`);
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(PEOPLE / 3);
    expect(page.body.items.map((p: { id: string }) => p.id)).toEqual(['p13', 'p16']);
    expect(page.body.nextCursor).toBeUndefined();
  });

  it('warns in the problems list about a filter that cannot use an index, naming why', async () => {
    const created = await server.admin('POST', '/apis', listPeople({ filter: 'request.body' }));
    const validation = await server.admin('POST', `/apis/${created.body.id}/validate`);
    expect(validation.body.ok).toBe(true);
    const warning = (validation.body.problems as { code: string; severity: string; field?: string; message: string }[]).find((problem) => problem.field === 'filter');
    expect(warning).toMatchObject({ code: 'config_warning', severity: 'warning' });
    expect(warning!.message).toContain('cannot use an index');
    expect(warning!.message).toContain('known only when it runs');
    const written = await server.admin('POST', '/apis', listPeople({ path: '/people/fixed' }));
    const clean = await server.admin('POST', `/apis/${written.body.id}/validate`);
    expect((clean.body.problems as { field?: string }[]).filter((problem) => problem.field === 'filter')).toEqual([]);
  });
});
