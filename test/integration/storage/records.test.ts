import { describe, expect, it } from 'vitest';
import type { Storage } from '../../../server/storage/storage.js';
import { ImportConflicts } from '../../../server/workspace/record-collections.js';
import { PostgresRecordStore } from '../../../server/workspace/postgres/record-store.js';
import { recordCollectionsFor, recordIndexesFor, recordStoreFor, sandboxesFor, sandboxRecordStoreFor } from '../../../server/workspace/record-storage.js';
import { MAX_ALLOWED_HOSTS } from '../../../shared/api/sandboxes.js';
import { SANDBOX_IDLE_MS } from '../../../server/workspace/sandboxes.js';
import { InvalidCursor, RecordConflict, type RecordPageQuery, type RecordStore, type StoredRecord } from '../../../server/workspace/record-store.js';
import { SqliteRecordStore } from '../../../server/workspace/sqlite-record-store.js';
import { ApiDefinition } from '../../../shared/model/api.js';
import { INLINE_MAX_PAGE_RECORDS, INLINE_MAX_RECORD_BYTES, listenerRecords, MovedToWorker } from '../../../server/workers/inline.js';
import { FlowPool } from '../../../server/workers/pool.js';
import type { FlowCall, FlowReply } from '../../../server/workers/protocol.js';
import { createUser, getUser } from '../../fixtures/apis.js';
import { cleanupsAfterEach, ENGINES, freshWorkspace } from '../../support/engines.js';

const TEAMS = ['red', 'green', 'blue'];
const PEOPLE = 60;
/** Enough rows that PostgreSQL's planner prefers an index for a one-row equality over a scan. */
const PLANNED_PEOPLE = 3_000;
const SANDBOX = 'sbx_session_aaaaaaaaaaaa';
const OTHER_SANDBOX = 'sbx_session_bbbbbbbbbbbb';

/** People with repeated ages (ties), some without one (missing keys first), ids out of insertion order. */
const person = (n: number): StoredRecord => ({ id: `p${(n * 7) % PEOPLE}`, n, team: TEAMS[n % 3]!, ...(n % 10 === 9 ? {} : { age: 20 + (n % 4) }) });

async function allPages(store: RecordStore, query: Omit<RecordPageQuery, 'cursor'>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await store.page('people', { ...query, ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.map((item) => item.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error('paging never ended');
}

describe.each(ENGINES)('records on %s', (engine) => {
  const cleanups = cleanupsAfterEach();

  /** A fresh workspace; `again()` opens a second connection (or pool) to it, as another replica would. */
  async function workspace(): Promise<{ storage: Storage; again: () => Promise<Storage>; url: string }> {
    const { storage, replica, url } = await freshWorkspace(engine, cleanups);
    return { storage, again: replica, url: url ?? '' };
  }

  async function seeded(count = PEOPLE): Promise<{ storage: Storage; store: RecordStore; again: () => Promise<Storage>; url: string }> {
    const { storage, again, url } = await workspace();
    const store = recordStoreFor(storage);
    const people = Array.from({ length: count }, (_, n) => (count === PEOPLE ? person(n) : { id: `q${n}`, n, team: TEAMS[n % 3]! }));
    await recordCollectionsFor(storage).import('people', people, 'fail');
    return { storage, store, again, url };
  }

  it('inserts, gets, merges a patch (null removes a field, the id stays) and deletes', async () => {
    const { storage } = await workspace();
    const store = recordStoreFor(storage);
    const made = await store.insert('people', { name: 'Ada', team: 'red', tags: ['a'], __proto__field: 1 });
    expect(made.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await store.get('people', made.id)).toEqual(made);
    await expect(store.insert('people', { id: made.id })).rejects.toBeInstanceOf(RecordConflict);
    expect(await store.update('people', made.id, { team: null, age: 36, id: 'moved', nested: { x: 1 } })).toEqual({ id: made.id, name: 'Ada', tags: ['a'], __proto__field: 1, age: 36, nested: { x: 1 } });
    expect(await store.get('people', made.id)).toEqual({ id: made.id, name: 'Ada', tags: ['a'], __proto__field: 1, age: 36, nested: { x: 1 } });
    expect(await store.update('people', 'nobody', { a: 1 })).toBeUndefined();
    expect(await store.delete('people', made.id)).toBe(true);
    expect(await store.delete('people', made.id)).toBe(false);
    expect(await store.get('people', made.id)).toBeUndefined();
    // PostgreSQL's jsonb holds no NUL character: refused with a code and a way out, nothing stored.
    if (engine === 'postgres') {
      await expect(store.insert('people', { id: 'nul', name: 'a\u0000b' })).rejects.toMatchObject({ status: 422, code: 'unstorable_record' });
      expect(await store.get('people', 'nul')).toBeUndefined();
    }
    const proto = JSON.parse('{"__proto__": {"admin": true}, "id": "x"}') as StoredRecord;
    await store.insert('odd', proto);
    expect(Object.keys((await store.get('odd', 'x'))!)).toContain('__proto__');
  });

  it('pages with a filter, a sort and a cursor across ties and missing fields; counts only when asked', async () => {
    const { store } = await seeded();
    const everyone = await store.page('people', { filter: {}, sort: '', limit: 1000 });
    expect(everyone.items.map((item) => item.n)).toEqual(Array.from({ length: PEOPLE }, (_, n) => n));
    expect(everyone.total).toBeUndefined();

    const red = await allPages(store, { filter: { team: 'red' }, sort: '', limit: 7 });
    expect(red).toEqual(everyone.items.filter((item) => item.team === 'red').map((item) => item.id));

    const byAge = await allPages(store, { filter: {}, sort: 'age', limit: 4 });
    const ages = await Promise.all(byAge.map(async (id) => (await store.get('people', id))!.age as number | undefined));
    expect(ages.slice(0, PEOPLE / 10)).toEqual(Array(PEOPLE / 10).fill(undefined));
    expect(ages.slice(PEOPLE / 10)).toEqual([...ages.slice(PEOPLE / 10)].sort((a, b) => a! - b!));
    expect(new Set(byAge).size).toBe(PEOPLE);

    const redDescending = await allPages(store, { filter: { team: 'red' }, sort: '-age', limit: 3 });
    expect(new Set(redDescending)).toEqual(new Set(red));
    expect(await allPages(store, { filter: { team: 'red' }, sort: '-age', limit: 100 })).toEqual(redDescending);

    const counted = await store.page('people', { filter: { team: 'red' }, sort: 'age', limit: 2, count: true });
    expect(counted.total).toBe(PEOPLE / 3);
    expect((await store.page('people', { filter: {}, sort: '', limit: 1, count: true })).total).toBe(PEOPLE);

    const legacy = await store.query('people', { filter: { team: 'green' }, sort: '-n', limit: 3, offset: 2 });
    expect(legacy.total).toBe(PEOPLE / 3);
    expect(legacy.items.map((item) => item.n)).toEqual([52, 49, 46]);
  });

  it('refuses a cursor it did not hand out, or one of another sort order, with InvalidCursor', async () => {
    const { store } = await seeded();
    const first = await store.page('people', { filter: {}, sort: 'age', limit: 5 });
    await expect(store.page('people', { filter: {}, sort: 'age', limit: 5, cursor: 'not a cursor!' })).rejects.toBeInstanceOf(InvalidCursor);
    await expect(store.page('people', { filter: {}, sort: 'age', limit: 5, cursor: 'eyJ2IjoxfQ' })).rejects.toBeInstanceOf(InvalidCursor);
    await expect(store.page('people', { filter: {}, sort: '-age', limit: 5, cursor: first.nextCursor! })).rejects.toThrow(/sorted by "age"/);
  });

  it('lists collections with counts, imports all or nothing, replaces in place and reads in insertion order', async () => {
    const { storage, store } = await seeded();
    const collections = recordCollectionsFor(storage);
    await store.insert('animals', { id: 'a1' });
    expect(await collections.counts()).toEqual([{ collection: 'animals', records: 1 }, { collection: 'people', records: PEOPLE }]);

    await expect(collections.import('people', [{ id: 'fresh' }, { id: 'p0', team: 'x' }], 'fail')).rejects.toBeInstanceOf(ImportConflicts);
    expect(await store.get('people', 'fresh')).toBeUndefined();
    expect(await collections.import('people', [{ id: 'fresh' }, { id: 'p0', team: 'x' }], 'skip')).toEqual({ inserted: 1, replaced: 0, skipped: 1 });
    expect((await store.get('people', 'p0'))!.team).toBe('red');
    expect(await collections.import('people', [{ id: 'p0', team: 'x' }], 'replace')).toEqual({ inserted: 0, replaced: 1, skipped: 0 });
    expect(await store.get('people', 'p0')).toEqual({ id: 'p0', team: 'x' });
    expect(await collections.replace('people', { id: 'p0', team: 'y' })).toBe(true);
    expect(await collections.replace('people', { id: 'none', team: 'y' })).toBe(false);

    const firstPart = await collections.readAfter('people', 0, 40);
    const rest = await collections.readAfter('people', firstPart.at(-1)!.seq, 40);
    expect([...firstPart, ...rest].map((row) => row.record.id)).toEqual([...Array.from({ length: PEOPLE }, (_, n) => person(n).id), 'fresh']);
    expect(firstPart[0]!.record).toEqual({ id: 'p0', team: 'y' });
    await store.delete('animals', 'a1');
    expect(await collections.counts()).toEqual([{ collection: 'people', records: PEOPLE + 1 }]);
  });

  it('lays a Draft sandbox over the live records: reads through, writes only to itself, each sandbox apart', async () => {
    const { storage, store } = await seeded();
    const sandboxes = sandboxesFor(storage);
    await sandboxes.touch(SANDBOX);
    await sandboxes.touch(OTHER_SANDBOX);
    const draft = sandboxRecordStoreFor(storage, store, SANDBOX);
    const other = sandboxRecordStoreFor(storage, store, OTHER_SANDBOX);

    expect(await draft.get('people', 'p7')).toEqual(await store.get('people', 'p7'));
    await draft.insert('people', { id: 'mine', team: 'red', age: 1 });
    await draft.update('people', 'p7', { age: 99 });
    expect(await draft.delete('people', 'p14')).toBe(true);
    await expect(draft.insert('people', { id: 'p21' })).rejects.toBeInstanceOf(RecordConflict);

    expect(await draft.get('people', 'mine')).toMatchObject({ team: 'red' });
    expect(await draft.get('people', 'p7')).toMatchObject({ age: 99 });
    expect(await draft.get('people', 'p14')).toBeUndefined();
    expect(await store.get('people', 'mine')).toBeUndefined();
    expect((await store.get('people', 'p7'))!.age).not.toBe(99);
    expect(await other.get('people', 'p14')).toMatchObject({ id: 'p14' });
    expect(await other.get('people', 'mine')).toBeUndefined();

    const live = await allPages(store, { filter: {}, sort: '', limit: 1000 });
    const merged = await allPages(draft, { filter: {}, sort: '', limit: 7 });
    expect(merged).toEqual([...live.filter((id) => id !== 'p14'), 'mine']);
    const youngest = await draft.page('people', { filter: { team: 'red' }, sort: 'age', limit: 3, count: true });
    expect(youngest.total).toBe(PEOPLE / 3 + 1 - (person(2).team === 'red' ? 1 : 0));
    expect(youngest.items.map((item) => item.age ?? null)).toContain(1);
    const legacy = await draft.query('people', { filter: {}, sort: '-age', limit: 1, offset: 0 });
    expect(legacy.items[0]).toMatchObject({ id: 'p7', age: 99 });
    expect(legacy.total).toBe(PEOPLE);

    expect(await sandboxes.info(SANDBOX)).toMatchObject({ changedRecords: 3, allowedHosts: [] });
    expect(await sandboxes.allowHost(SANDBOX, 'api.example.com')).toBe(true);
    expect(await sandboxes.allowedHosts(SANDBOX)).toEqual(['api.example.com']);
    await sandboxes.reset(SANDBOX);
    expect(await draft.get('people', 'p14')).toMatchObject({ id: 'p14' });
    expect((await sandboxes.info(SANDBOX))!.changedRecords).toBe(0);
    await sandboxes.delete(SANDBOX);
    expect(await sandboxes.info(SANDBOX)).toBeUndefined();
  });

  it('reads a Draft sandbox as a copy of the live records would read after the same writes: every page, cursor, total and offset page', async () => {
    const mixed = (n: number): StoredRecord => ({ id: `p${(n * 7) % 40}`, team: TEAMS[n % 3]!, active: n % 2 === 0, ...(n % 10 === 9 ? {} : { age: n % 13 === 0 ? 'unknown' : 20 + (n % 4) }) });
    const people = Array.from({ length: 40 }, (_, n) => mixed(n));
    const [live, copy] = [await workspace(), await workspace()];
    for (const { storage } of [live, copy]) await recordCollectionsFor(storage).import('people', people, 'fail');
    await sandboxesFor(live.storage).touch(SANDBOX);
    const draft = sandboxRecordStoreFor(live.storage, recordStoreFor(live.storage), SANDBOX);
    const plain = recordStoreFor(copy.storage);
    const both = async (write: (store: RecordStore) => Promise<unknown>): Promise<void> => expect(await write(draft)).toEqual(await write(plain));
    await both((store) => store.insert('people', { id: 'new1', team: 'red', age: 21, active: true }));
    await both((store) => store.insert('people', { team: 'blue', age: 99, id: 'new2' }));
    await both((store) => store.update('people', 'p7', { age: 18, team: 'red' }));
    await both((store) => store.update('people', 'p14', { age: null }));
    await both((store) => store.update('people', 'new1', { age: 30 }));
    await both((store) => store.delete('people', 'p0'));
    await both((store) => store.delete('people', 'p21'));
    await both((store) => store.delete('people', 'new2'));
    await both((store) => store.insert('people', { id: 'p21', team: 'green', age: 22, active: false }));
    await both((store) => store.delete('people', 'nobody'));

    const pagesOf = async (store: RecordStore, query: Omit<RecordPageQuery, 'cursor'>): Promise<{ ids: string[][]; totals: (number | undefined)[] }> => {
      const ids: string[][] = [];
      const totals: (number | undefined)[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.page('people', { ...query, ...(cursor ? { cursor } : {}) });
        ids.push(page.items.map((item) => item.id));
        totals.push(page.total);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && ids.length < 100);
      return { ids, totals };
    };
    for (const sort of ['', 'age', '-age', 'team', '-id']) {
      for (const filter of [{}, { team: 'red' }, { active: true }, { team: 'blue', active: false }]) {
        for (const limit of [1, 6, 50]) {
          const query = { filter, sort, limit, count: true };
          expect(await pagesOf(draft, query), JSON.stringify(query)).toEqual(await pagesOf(plain, query));
        }
        for (const [offset, limit] of [[0, 10], [7, 5], [35, 20]] as const) {
          const query = { filter, sort, offset, limit };
          expect(await draft.query('people', query), JSON.stringify(query)).toEqual(await plain.query('people', query));
        }
      }
    }
  });

  it('expires sandboxes idle for a day with their records, keeps those in use, and caps the hosts a session allows', async () => {
    const { storage, store } = await seeded();
    let clock = Date.parse('2030-06-01T12:00:00Z');
    const sandboxes = sandboxesFor(storage, () => clock);
    await sandboxes.touch(SANDBOX);
    await sandboxes.touch(OTHER_SANDBOX);
    await sandboxRecordStoreFor(storage, store, SANDBOX).insert('people', { id: 'draft-only' });
    for (let n = 0; n < MAX_ALLOWED_HOSTS; n++) expect(await sandboxes.allowHost(OTHER_SANDBOX, `h${n}.example.com`)).toBe(true);
    expect(await sandboxes.allowHost(OTHER_SANDBOX, 'one-more.example.com')).toBe(false);
    expect(await sandboxes.allowHost(OTHER_SANDBOX, 'h0.example.com')).toBe(true);
    clock += SANDBOX_IDLE_MS / 2;
    await sandboxes.touch(OTHER_SANDBOX);
    clock += SANDBOX_IDLE_MS / 2 + 1;
    expect(await sandboxes.expire()).toBe(1);
    expect(await sandboxes.info(SANDBOX)).toBeUndefined();
    expect(await sandboxes.info(OTHER_SANDBOX)).toMatchObject({ changedRecords: 0, usedAt: new Date(clock - SANDBOX_IDLE_MS / 2 - 1).toISOString() });
    await sandboxes.touch(SANDBOX);
    expect(await sandboxRecordStoreFor(storage, store, SANDBOX).get('people', 'draft-only')).toBeUndefined();
  });

  it('builds the index a published query needs, reads it (equality filter uses it), and drops it once unneeded', async () => {
    const { storage, store } = await seeded(PLANNED_PEOPLE);
    const indexes = recordIndexesFor(storage, (message) => {
      throw new Error(message);
    });
    cleanups.push(() => indexes.stop());
    if (storage.engine === 'postgres') await storage.pg.run('ANALYZE records');
    const query = { filter: { n: 1234 }, sort: '', limit: 5 };
    expect(await planOf(store, query)).not.toMatch(/record_idx_|record_keys_/);

    const { created } = await indexes.reconcile([{ collection: 'people', fields: ['n'] }]);
    expect(created).toEqual([{ collection: 'people', fields: ['n'] }]);
    await indexes.whenIdle();
    const [index] = await indexes.list();
    expect(index).toMatchObject({ collection: 'people', fields: ['n'], state: 'ready', progress: 1 });
    const plan = await planOf(store, query);
    if (storage.engine === 'postgres') expect(plan).toMatch(new RegExp(`(Index Scan using|Index Only Scan using|Bitmap Index Scan on) record_idx_${index!.id}`));
    else expect(plan).toContain('USING PRIMARY KEY (k1=?)');
    expect((await store.page('people', query)).items.map((item) => item.id)).toEqual(['q1234']);
    // A second reconcile of the same needs changes nothing.
    expect(await indexes.reconcile([{ collection: 'people', fields: ['n'] }])).toEqual({ created: [], dropped: [] });

    expect((await indexes.reconcile([])).dropped).toEqual([{ collection: 'people', fields: ['n'] }]);
    await indexes.whenIdle();
    expect(await indexes.list()).toEqual([]);
    expect(await planOf(store, query)).not.toMatch(/record_idx_|record_keys_/);
    if (storage.engine === 'postgres') expect(await storage.pg.all("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'record_idx_%'")).toEqual([]);
  });

  it.runIf(engine === 'postgres')('builds an index two replicas need at once only once: the record_indexes row is the claim', async () => {
    const { storage, again } = await seeded(PLANNED_PEOPLE);
    const replicas = [recordIndexesFor(storage), recordIndexesFor(await again())];
    cleanups.push(() => Promise.all(replicas.map((indexes) => indexes.stop())).then(() => undefined));
    const needed = [{ collection: 'people', fields: ['team', 'n'] }];
    const changes = await Promise.all(replicas.map((indexes) => indexes.reconcile(needed)));
    expect(changes.flatMap((change) => change.created)).toEqual(needed);
    await Promise.all(replicas.map((indexes) => indexes.whenIdle()));
    expect(await replicas[1]!.list()).toMatchObject([{ fields: ['team', 'n'], state: 'ready' }]);
    if (storage.engine === 'postgres') expect(await storage.pg.all("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'record_idx_%'")).toHaveLength(1);
    // The sort reads the same index after the equality: no sort step in the plan.
    const plan = await planOf(recordStoreFor(storage), { filter: { team: 'red' }, sort: '-n', limit: 5 });
    expect(plan).toMatch(/Index Scan Backward using record_idx_/);
    expect(plan).not.toMatch(/Sort/);
  });

  it.runIf(engine === 'postgres')('runs flows in a worker on its own PostgreSQL pool: a published record read, a Draft write to its sandbox', async () => {
    const { storage, store, url } = await seeded();
    if (storage.engine !== 'postgres') return;
    const definition = ApiDefinition.parse(getUser({ path: '/people/:id' }));
    definition.flow.nodes[1]!.config = { collection: 'people', id: 'request.params.id' };
    const at = new Date().toISOString();
    await storage.pg.run("INSERT INTO apis (id, name, method, path, definition, draft_hash, created_at, updated_at) VALUES ('api_people', 'People', 'GET', '/people/:id', $1, 'h', $2, $2)", [JSON.stringify(definition), at]);
    await storage.pg.run("INSERT INTO api_versions (api_id, version, definition, hash, created_at) VALUES ('api_people', 1, $1, 'h', $2)", [JSON.stringify(definition), at]);
    const pool = new FlowPool({ size: 1, dbFile: '', databaseUrl: url, onLog: () => undefined });
    cleanups.push(() => pool.close());
    await pool.ready();
    const env = { name: 'dev', vars: {} };
    pool.serve({ envs: [env], outbound: {}, ownListeners: [], live: [{ apiId: 'api_people', version: 1 }], forget: [] });
    await pool.served();
    const call = (target: FlowCall['target'], path: string, params: Record<string, string>, body: FlowCall['body'] = null): Promise<FlowReply> =>
      new Promise((resolve) =>
        pool.run({ requestId: `req_${path}`, target, path, params, query: {}, headers: {}, ip: '127.0.0.1', body, token: null, trace: false, deadline: Date.now() + 10_000 }, resolve),
      );
    const found = await call({ kind: 'live', apiId: 'api_people', version: 1, environment: 'dev' }, '/dev/people/p7', { id: 'p7' });
    expect(found.status).toBe(200);
    expect(JSON.parse(found.text!)).toEqual(await store.get('people', 'p7'));

    await sandboxesFor(storage).touch(SANDBOX);
    const create = ApiDefinition.parse(createUser());
    const text = JSON.stringify({ name: 'Grace', email: 'grace@example.com' });
    const made = await call({ kind: 'draft', definition: create, env, sandbox: SANDBOX }, '/dev/users', {}, { text, bytes: Buffer.byteLength(text), contentType: 'application/json' });
    expect(made.status).toBe(201);
    const { id } = JSON.parse(made.text!) as { id: string };
    expect(await sandboxRecordStoreFor(storage, store, SANDBOX).get('users', id)).toMatchObject({ name: 'Grace', createdBy: 'api' });
    expect(await store.get('users', id)).toBeUndefined();
  });

  it('reads a small record on the listener and sends a big one to a worker, measured by the database', async () => {
    const { storage, store } = await seeded();
    const listener = listenerRecords(storage, store);
    expect(await listener.get('people', 'p7')).toEqual(await store.get('people', 'p7'));
    expect(await listener.get('people', 'nobody')).toBeUndefined();
    await store.insert('people', { id: 'big', text: 'x'.repeat(INLINE_MAX_RECORD_BYTES) });
    await expect(listener.get('people', 'big')).rejects.toBeInstanceOf(MovedToWorker);
    // A page is read on the listener only when its work is bounded (SQLite: insertion order or a ready index; PostgreSQL, read asynchronously: any within the budget); else in a worker.
    const firstPage = { filter: {}, sort: '', limit: 1 };
    expect(await listener.page('people', firstPage)).toEqual(await store.page('people', firstPage));
    const unindexed = { filter: { team: 'red' }, sort: '', limit: 1 };
    if (storage.engine === 'sqlite') await expect(listener.page('people', unindexed)).rejects.toBeInstanceOf(MovedToWorker);
    else expect(await listener.page('people', unindexed)).toEqual(await store.page('people', unindexed));
    await expect(listener.page('people', { filter: {}, sort: '', limit: INLINE_MAX_PAGE_RECORDS })).rejects.toBeInstanceOf(MovedToWorker);
  });

  it('takes inserts from two replicas into one collection at once: distinct ids and seqs, the right count', async () => {
    const { storage, again } = await workspace();
    const second = await again();
    const stores = [recordStoreFor(storage), recordStoreFor(second)];
    const PER_REPLICA = 100;
    const made = await Promise.all(stores.map((store, replica) => Promise.all(Array.from({ length: PER_REPLICA }, (_, n) => store.insert('orders', { replica, n })))));
    const ids = made.flat().map((record) => record.id);
    expect(new Set(ids).size).toBe(2 * PER_REPLICA);
    expect(await recordCollectionsFor(second).counts()).toEqual([{ collection: 'orders', records: 2 * PER_REPLICA }]);
    const rows = await recordCollectionsFor(storage).readAfter('orders', 0, 1000);
    expect(new Set(rows.map((row) => row.seq)).size).toBe(2 * PER_REPLICA);
    await expect(stores[1]!.insert('orders', { id: ids[0] })).rejects.toBeInstanceOf(RecordConflict);
  });
});

async function planOf(store: RecordStore, query: RecordPageQuery): Promise<string> {
  if (store instanceof PostgresRecordStore) return (await store.planOf('people', query)).join('\n');
  if (store instanceof SqliteRecordStore) return store.planOf('people', query).join('\n');
  throw new Error('no plan for this store');
}
