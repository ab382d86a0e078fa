import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../server/workspace/db.js';
import { SqliteRecordIndexes } from '../../../server/workspace/record-indexes.js';
import { InvalidCursor, type RecordStore } from '../../../server/workspace/record-store.js';
import { MAX_SANDBOX_RECORDS, SqliteSandboxRecordStore } from '../../../server/workspace/sandbox-record-store.js';
import { SqliteSandboxes, SANDBOX_IDLE_MS } from '../../../server/workspace/sandboxes.js';
import { RecordConflict, SqliteRecordStore } from '../../../server/workspace/sqlite-record-store.js';
import { makeTempDir, removeTempDir } from '../../support/temp.js';

const SANDBOX = 'sbx_session_aaaaaaaaaaaa';
const TEAMS = ['red', 'green', 'blue'];
const PEOPLE = 40;

/**
 * The sandbox must read exactly as a copy of the live records would after the same writes: each
 * test applies its writes to the sandbox and to a real copy (a second workspace), then compares
 * every query and every keyset page of both.
 */
describe('a Draft sandbox over the live records', () => {
  let dir: string;
  let db: Db;
  let copyDb: Db;
  let live: SqliteRecordStore;
  let copy: SqliteRecordStore;
  let sandbox: SqliteSandboxRecordStore;
  let sandboxes: SqliteSandboxes;
  let clock: number;

  beforeEach(async () => {
    dir = makeTempDir();
    db = openDatabase(path.join(dir, 'workspace.db'));
    copyDb = openDatabase(path.join(dir, 'copy.db'));
    live = new SqliteRecordStore(db);
    copy = new SqliteRecordStore(copyDb);
    clock = Date.parse('2026-06-01T12:00:00Z');
    sandboxes = new SqliteSandboxes(db, () => clock);
    await sandboxes.touch(SANDBOX);
    sandbox = new SqliteSandboxRecordStore(db, live, SANDBOX);
    // Ages repeat (ties), some have none (missing keys), some are text (mixed types), ids out of insertion order.
    for (let n = 0; n < PEOPLE; n++) {
      const person = { id: `p${(n * 7) % PEOPLE}`, team: TEAMS[n % 3], active: n % 2 === 0, ...(n % 10 === 9 ? {} : { age: n % 13 === 0 ? 'unknown' : 20 + (n % 4) }) };
      await live.insert('people', person);
      await copy.insert('people', person);
    }
  });
  afterEach(() => {
    db.close();
    copyDb.close();
    removeTempDir(dir);
  });

  /** The same writes on the sandbox and on the copy. */
  async function both(write: (store: RecordStore) => Promise<unknown>): Promise<void> {
    const [mine, theirs] = [await write(sandbox), await write(copy)];
    expect(mine).toEqual(theirs);
  }

  async function pagesOf(store: RecordStore, query: { filter?: Record<string, unknown>; sort?: string; limit: number; count?: boolean }): Promise<{ ids: string[][]; totals: (number | undefined)[] }> {
    const ids: string[][] = [];
    const totals: (number | undefined)[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.page('people', { filter: query.filter ?? {}, sort: query.sort ?? '', limit: query.limit, ...(query.count ? { count: true } : {}), ...(cursor ? { cursor } : {}) });
      ids.push(page.items.map((item) => item.id));
      totals.push(page.total);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && ids.length < 100);
    return { ids, totals };
  }

  async function expectSameReads(): Promise<void> {
    for (const sort of ['', 'age', '-age', 'team', '-id']) {
      for (const filter of [{}, { team: 'red' }, { active: true }, { team: 'blue', active: false }]) {
        for (const limit of [1, 6, 50]) {
          expect(await pagesOf(sandbox, { filter, sort, limit, count: true }), `page sort=${sort} filter=${JSON.stringify(filter)} limit=${limit}`).toEqual(
            await pagesOf(copy, { filter, sort, limit, count: true }),
          );
        }
        for (const [offset, limit] of [[0, 10], [7, 5], [35, 20]] as const) {
          const query = { filter, sort, offset, limit };
          expect(await sandbox.query('people', query), `query ${JSON.stringify(query)}`).toEqual(await copy.query('people', query));
        }
      }
    }
  }

  /** A Draft session's worth of writes: new records, changes that move sort keys, deletions, a re-creation. */
  async function draftWrites(): Promise<void> {
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
    await both((store) => store.update('people', 'nobody', { age: 1 }));
  }

  it('reads as a copy of the live records would after the same writes: every query, every page, every total', async () => {
    await draftWrites();
    await expectSameReads();
    expect(await sandbox.get('people', 'p0')).toBeUndefined();
    expect(await sandbox.get('people', 'p7')).toMatchObject({ age: 18, team: 'red' });
    expect(await sandbox.get('people', 'new1')).toMatchObject({ age: 30 });
  });

  it('reads the same when the live store pages through its indexes', async () => {
    const indexes = new SqliteRecordIndexes(db, () => undefined);
    try {
      await indexes.reconcile([{ collection: 'people', fields: ['age'] }, { collection: 'people', fields: ['team', 'age'] }, { collection: 'people', fields: ['team'] }]);
      await indexes.whenIdle();
      expect(live.planOf('people', { filter: { team: 'red' }, sort: 'age', limit: 5 }).join(' ')).toContain('SEARCH k USING PRIMARY KEY');
      await draftWrites();
      await expectSameReads();
    } finally {
      await indexes.stop();
    }
  });

  it('never changes the live records', async () => {
    const before = await live.query('people', { filter: {}, sort: '', limit: 1000, offset: 0 });
    await draftWrites();
    expect(await live.query('people', { filter: {}, sort: '', limit: 1000, offset: 0 })).toEqual(before);
    expect(await live.get('people', 'new1')).toBeUndefined();
    expect(await live.get('people', 'p0')).toMatchObject({ id: 'p0' });
  });

  it('refuses an id the Draft can see (live or its own) as the live store does, and one it deleted is free again', async () => {
    await expect(sandbox.insert('people', { id: 'p3' })).rejects.toBeInstanceOf(RecordConflict);
    await sandbox.insert('people', { id: 'mine' });
    await expect(sandbox.insert('people', { id: 'mine' })).rejects.toBeInstanceOf(RecordConflict);
    expect(await sandbox.delete('people', 'p3')).toBe(true);
    expect(await sandbox.delete('people', 'p3')).toBe(false);
    expect(await sandbox.insert('people', { id: 'p3', team: 'new' })).toEqual({ id: 'p3', team: 'new' });
  });

  it('keeps each sandbox to itself, forgets its data on reset and expires it when idle', async () => {
    const other = new SqliteSandboxRecordStore(db, live, 'sbx_other_bbbbbbbbbbbbbb');
    await sandboxes.touch(other.sandboxId);
    await sandbox.insert('people', { id: 'only-mine' });
    await sandbox.delete('people', 'p1');
    expect(await other.get('people', 'only-mine')).toBeUndefined();
    expect(await other.get('people', 'p1')).toMatchObject({ id: 'p1' });
    expect(await sandboxes.info(SANDBOX)).toMatchObject({ changedRecords: 2, allowedHosts: [] });

    await sandboxes.reset(SANDBOX);
    expect(await sandbox.get('people', 'only-mine')).toBeUndefined();
    expect(await sandbox.get('people', 'p1')).toMatchObject({ id: 'p1' });
    expect((await sandboxes.info(SANDBOX))?.changedRecords).toBe(0);

    await sandbox.insert('people', { id: 'again' });
    clock += SANDBOX_IDLE_MS / 2;
    await sandboxes.touch(other.sandboxId);
    clock += SANDBOX_IDLE_MS / 2 + 1;
    expect(await sandboxes.expire()).toBe(1);
    expect(await sandboxes.info(SANDBOX)).toBeUndefined();
    expect((db.prepare('SELECT COUNT(*) AS n FROM sandbox_records WHERE sandbox_id = ?').get(SANDBOX) as { n: number }).n).toBe(0);
    expect(await sandboxes.info(other.sandboxId)).toBeDefined();
  });

  it('takes the live store’s cursors and refuses one it did not hand out', async () => {
    await sandbox.insert('people', { id: 'z', age: 1 });
    const first = await sandbox.page('people', { filter: {}, sort: 'age', limit: 3 });
    await expect(sandbox.page('people', { filter: {}, sort: '-age', limit: 3, cursor: first.nextCursor! })).rejects.toBeInstanceOf(InvalidCursor);
    await expect(sandbox.page('people', { filter: {}, sort: 'age', limit: 3, cursor: 'garbage!' })).rejects.toBeInstanceOf(InvalidCursor);
  });

  it(`stops at ${MAX_SANDBOX_RECORDS} changed records with a message that says how to go on`, async () => {
    const insert = db.prepare('INSERT INTO sandbox_records (sandbox_id, collection, id, seq, data) VALUES (?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (let n = 0; n < MAX_SANDBOX_RECORDS; n++) insert.run(SANDBOX, 'bulk', `b${n}`, 2 ** 52 + n + 1, '{}');
    })();
    await expect(sandbox.insert('people', { id: 'one-more' })).rejects.toMatchObject({ code: 'draft_data_full', message: expect.stringContaining('Reset Draft data') });
    // Changing what it already holds still works.
    expect(await sandbox.update('bulk', 'b1', { seen: true })).toEqual({ seen: true });
  });
});
