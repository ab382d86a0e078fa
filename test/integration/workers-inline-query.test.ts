import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteDatabase } from '../../server/storage/storage.js';
import { INLINE_MAX_PAGE_CHARACTERS, INLINE_MAX_PAGE_RECORDS, INLINE_MAX_RECORD_BYTES } from '../../server/workers/inline.js';
import { PostgresRecordStore } from '../../server/workspace/postgres/record-store.js';
import { SqliteRecordStore } from '../../server/workspace/sqlite-record-store.js';
import type { RecordPageQuery } from '../../server/workspace/record-store.js';
import { startTestServerOn } from '../support/engines.js';
import { getJson } from '../support/http.js';
import type { TestServer } from '../support/test-server.js';
import { publish } from '../support/tokens.js';

/** GET <path>?team=…&limit=…&cursor=… → record.query version 2 → respond with its page. */
const listPeople = (path: string, filter: string, sort = '-age') => ({
  name: `List people ${path}`,
  method: 'GET',
  path,
  flow: {
    nodes: [
      { id: 'r', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 'q', type: 'record.query', typeVersion: 2, key: 'people', position: { x: 200, y: 0 }, config: { collection: 'people', filter, sort, limit: 'request.query.limit' } },
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
const person = (n: number) => ({ id: `p${n}`, name: `Person ${n}`, team: TEAMS[n % 3], age: 30 + (n % 5), ...(n === 7 ? { meta: { a: 1 } } : {}) });
/** Records that fit one by one under the listener's record cap but not together under its page cap. */
const BIG_PAGE = Math.ceil(INLINE_MAX_PAGE_CHARACTERS / (INLINE_MAX_RECORD_BYTES - 2048)) + 1;
const bigPerson = (n: number) => ({ id: `big${n}`, team: 'big', age: n, text: 'x'.repeat(INLINE_MAX_RECORD_BYTES - 2048) });

const INDEX_POLL_MS = 50;

type PageQuery = Partial<RecordPageQuery> & { filter: Record<string, unknown> };

/** A made-up cursor is refused on the listener exactly as a worker refuses it (a page over the listener's cap is read in a worker). */
async function expectCursorRefusedAsInWorker(runtimeUrl: string, dispatched: () => number): Promise<void> {
  const before = dispatched();
  const inline = await getJson(`${runtimeUrl}/dev/people?team=red&cursor=not-a-cursor`);
  expect(dispatched()).toBe(before);
  const inWorker = await getJson(`${runtimeUrl}/dev/people?team=red&limit=${INLINE_MAX_PAGE_RECORDS + 1}&cursor=not-a-cursor`);
  expect(dispatched()).toBe(before + 1);
  expect(inline.status).toBe(inWorker.status);
  expect(inline.body.error.code).toBe(inWorker.body.error.code);
  expect(inline.body.error.message).toBe(inWorker.body.error.message);
}

/** Pages through team red 7 at a time, each page as the store answers it, until the cursor ends. */
async function pageThroughRed(runtimeUrl: string, expected: (query: PageQuery) => Promise<unknown>): Promise<void> {
  const seen: unknown[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `${runtimeUrl}/dev/people?team=red&limit=7${cursor ? `&cursor=${cursor}` : ''}`;
    const page = await getJson(url);
    expect(page.status).toBe(200);
    expect(page.body).toEqual(await expected({ filter: { team: 'red' }, limit: 7, cursor: cursor ?? undefined }));
    seen.push(...(page.body.items as unknown[]));
    cursor = page.body.nextCursor as string | null;
  } while (cursor);
  expect(seen).toHaveLength(PEOPLE / TEAMS.length);
}
type IndexList = { name: string; indexes: { state: string }[] }[];

describe('record.query on the listener when an index answers a small page, else in a worker (sqlite)', () => {
  let server: TestServer;
  let store: SqliteRecordStore;
  const dispatched = (): number => server.built.services.flowPool.status().dispatched;
  /** What the flow workers' reader answers: the store's own page. */
  const expected = (query: PageQuery) => store.page('people', { sort: '-age', limit: 50, ...query });

  beforeAll(async () => {
    server = await startTestServerOn('sqlite');
    store = new SqliteRecordStore(sqliteDatabase(server.built.services.storage));
    const seeded = await server.admin('POST', '/collections/people/records', {
      records: [...Array.from({ length: PEOPLE }, (_, n) => person(n)), ...Array.from({ length: BIG_PAGE }, (_, n) => bigPerson(n)), { id: 'huge', team: 'huge', age: 1, text: 'x'.repeat(INLINE_MAX_RECORD_BYTES + 1000) }],
    });
    expect(seeded.status, JSON.stringify(seeded.body)).toBe(201);
    await publish(server, listPeople('/people', '{"team": request.query.team}'));
    await publish(server, listPeople('/people/with-meta', '{"team": request.query.team, "meta": {"a": 1}}'));
    const states = async (): Promise<string[]> => ((await server.admin('GET', '/collections')).body as IndexList).flatMap((collection) => collection.indexes.map((index) => index.state));
    // Indexes are filled in the background after the publish: wait until every one is ready.
    for (let found = await states(); found.length === 0 || found.some((state) => state !== 'ready'); found = await states()) {
      await new Promise((resolve) => setTimeout(resolve, INDEX_POLL_MS));
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('pages through an indexed equality on the listener, without a worker, with the workers’ answer', async () => {
    const before = dispatched();
    await pageThroughRed(server.runtimeUrl, expected);
    expect(dispatched()).toBe(before);
  });

  it('fails a changed cursor as a worker does', () => expectCursorRefusedAsInWorker(server.runtimeUrl, dispatched));

  it(`sends a page of more than ${INLINE_MAX_PAGE_RECORDS} records to a worker, with the same answer`, async () => {
    const before = dispatched();
    const page = await getJson(`${server.runtimeUrl}/dev/people?team=green&limit=${INLINE_MAX_PAGE_RECORDS + 1}`);
    expect(page.status).toBe(200);
    expect(page.body).toEqual(await expected({ filter: { team: 'green' }, limit: INLINE_MAX_PAGE_RECORDS + 1 }));
    expect(dispatched()).toBe(before + 1);
  });

  it('sends a filter no index answers (an object compared as JSON) to a worker, with the same answer', async () => {
    const before = dispatched();
    const page = await getJson(`${server.runtimeUrl}/dev/people/with-meta?team=green`);
    expect(page.status).toBe(200);
    expect(page.body.items.map((item: { id: string }) => item.id)).toEqual(['p7']);
    expect(page.body).toEqual(await expected({ filter: { team: 'green', meta: { a: 1 } } }));
    expect(dispatched()).toBe(before + 1);
  });

  it('sends a page over the listener’s byte budget, or holding a record over its record cap, to a worker, with the same answer', async () => {
    let before = dispatched();
    const big = await getJson(`${server.runtimeUrl}/dev/people?team=big`);
    expect(big.status).toBe(200);
    expect(big.body.items).toHaveLength(BIG_PAGE);
    expect(big.body).toEqual(await expected({ filter: { team: 'big' } }));
    expect(dispatched()).toBe(before + 1);

    before = dispatched();
    const huge = await getJson(`${server.runtimeUrl}/dev/people?team=huge`);
    expect(huge.status).toBe(200);
    expect(huge.body).toEqual(await expected({ filter: { team: 'huge' } }));
    expect(dispatched()).toBe(before + 1);
  });
});

describe('record.query on a PostgreSQL workspace: read on the listener (the database works asynchronously) while the page fits its budget', () => {
  let server: TestServer;
  let store: PostgresRecordStore;
  const dispatched = (): number => server.built.services.flowPool.status().dispatched;
  const expected = (query: PageQuery) => store.page('people', { sort: '-age', limit: 50, ...query });

  beforeAll(async () => {
    server = await startTestServerOn('postgres');
    const storage = server.built.services.storage;
    if (storage.engine !== 'postgres') throw new Error('startTestServerOn(postgres) gave a SQLite workspace');
    store = new PostgresRecordStore(storage.pg);
    const seeded = await server.admin('POST', '/collections/people/records', {
      records: [...Array.from({ length: PEOPLE }, (_, n) => person(n)), ...Array.from({ length: BIG_PAGE }, (_, n) => bigPerson(n)), { id: 'huge', team: 'huge', age: 1, text: 'x'.repeat(INLINE_MAX_RECORD_BYTES + 1000) }],
    });
    expect(seeded.status, JSON.stringify(seeded.body)).toBe(201);
    await publish(server, listPeople('/people', '{"team": request.query.team}'));
    await publish(server, listPeople('/people/with-meta', '{"team": request.query.team, "meta": {"a": 1}}'));
    await publish(server, listPeople('/people/in-order', '{"team": request.query.team}', ''));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('pages through an equality on the listener, without a worker, with the workers’ answer', async () => {
    const before = dispatched();
    await pageThroughRed(server.runtimeUrl, expected);
    expect(dispatched()).toBe(before);
  });

  it('reads insertion order and a filter compared as JSON on the listener too, with the workers’ answer', async () => {
    const before = dispatched();
    const inOrder = await getJson(`${server.runtimeUrl}/dev/people/in-order?team=blue&limit=4`);
    expect(inOrder.status).toBe(200);
    expect(inOrder.body).toEqual(await expected({ filter: { team: 'blue' }, sort: '', limit: 4 }));
    const withMeta = await getJson(`${server.runtimeUrl}/dev/people/with-meta?team=green`);
    expect(withMeta.status).toBe(200);
    expect(withMeta.body.items.map((item: { id: string }) => item.id)).toEqual(['p7']);
    expect(dispatched()).toBe(before);
  });

  it('fails a changed cursor on the listener as a worker does', () => expectCursorRefusedAsInWorker(server.runtimeUrl, dispatched));

  it(`sends a page of more than ${INLINE_MAX_PAGE_RECORDS} records, one over the byte budget or one holding a record over the record cap to a worker, with the same answer`, async () => {
    for (const [team, limit] of [['green', INLINE_MAX_PAGE_RECORDS + 1], ['big', 50], ['huge', 50]] as const) {
      const before = dispatched();
      const page = await getJson(`${server.runtimeUrl}/dev/people?team=${team}&limit=${limit}`);
      expect(page.status).toBe(200);
      expect(page.body).toEqual(await expected({ filter: { team }, limit }));
      expect(dispatched(), team).toBe(before + 1);
    }
  });
});
