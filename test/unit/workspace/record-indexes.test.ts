import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../server/workspace/db.js';
import { SqliteRecordIndexes } from '../../../server/workspace/record-indexes.js';
import { keyTable } from '../../../server/workspace/record-keys.js';
import { InvalidCursor, type RecordPage, type StoredRecord } from '../../../server/workspace/record-store.js';
import { SqliteRecordStore } from '../../../server/workspace/sqlite-record-store.js';
import { makeTempDir, removeTempDir } from '../../support/temp.js';

const TEAMS = ['red', 'green', 'blue'];
const PEOPLE = 30;

/** Every page of a query, following nextCursor. */
async function allPages(store: SqliteRecordStore, query: { filter?: Record<string, unknown>; sort?: string; limit: number }): Promise<{ pages: RecordPage[]; ids: string[] }> {
  const pages: RecordPage[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.page('people', { filter: query.filter ?? {}, sort: query.sort ?? '', limit: query.limit, ...(cursor ? { cursor } : {}) });
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { pages, ids: pages.flatMap((page) => page.items.map((item) => item.id)) };
}

const plan = (db: Db, sql: string, ...params: unknown[]): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail).join(' | ');

describe('record indexes and keyset pages', () => {
  let dir: string;
  let db: Db;
  let store: SqliteRecordStore;
  let indexes: SqliteRecordIndexes;

  beforeEach(async () => {
    dir = makeTempDir();
    db = openDatabase(path.join(dir, 'workspace.db'));
    store = new SqliteRecordStore(db);
    indexes = new SqliteRecordIndexes(db, () => undefined);
    // Ages repeat (ties), some people have none (missing keys), ids are not in insertion order.
    for (let n = 0; n < PEOPLE; n++) {
      await store.insert('people', { id: `p${(n * 7) % PEOPLE}`, team: TEAMS[n % 3], ...(n % 10 === 9 ? {} : { age: 20 + (n % 4) }) });
    }
    await store.insert('pets', { id: 'x', team: 'red' });
  });
  afterEach(async () => {
    await indexes.stop();
    db.close();
    removeTempDir(dir);
  });

  it('pages in insertion order across every page, with no repeats and no gaps', async () => {
    const { pages, ids } = await allPages(store, { limit: 7 });
    expect(pages.map((page) => page.items.length)).toEqual([7, 7, 7, 7, 2]);
    expect(ids).toHaveLength(PEOPLE);
    expect(new Set(ids).size).toBe(PEOPLE);
    expect(pages.at(-1)!.nextCursor).toBeNull();
    expect(pages[0]!.total).toBeUndefined();
  });

  it('pages across ties of the sort key, the same with and without an index', async () => {
    const unindexed = await allPages(store, { sort: 'age', limit: 4 });
    const descending = await allPages(store, { sort: '-age', limit: 4 });
    await indexes.reconcile([{ collection: 'people', fields: ['age'] }]);
    await indexes.whenIdle();
    const indexed = await allPages(store, { sort: 'age', limit: 4 });
    expect(indexed.ids).toEqual(unindexed.ids);
    expect(new Set(unindexed.ids).size).toBe(PEOPLE);
    expect((await allPages(store, { sort: '-age', limit: 4 })).ids).toEqual(descending.ids);
    expect(descending.ids).toEqual([...unindexed.ids].reverse());

    const records = (await allPages(store, { sort: 'age', limit: 100 })).pages[0]!.items;
    const ages = records.map((record: StoredRecord) => record.age as number | undefined);
    // Records without the field come first, as SQL's NULL sorts; then ascending, ties in insertion order.
    expect(ages.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(ages.slice(3)).toEqual([...ages.slice(3)].sort((a, b) => a! - b!));
  });

  it('filters through a ready index (its plan reads the key table), counts only when asked', async () => {
    await indexes.reconcile([{ collection: 'people', fields: ['team'] }, { collection: 'people', fields: ['team', 'age'] }]);
    await indexes.whenIdle();
    expect((await indexes.list()).map((index) => [index.fields, index.state, index.progress])).toEqual([
      [['team'], 'ready', 1],
      [['team', 'age'], 'ready', 1],
    ]);
    const [byTeam, byTeamAndAge] = await indexes.list();
    expect(plan(db, `SELECT seq FROM ${keyTable(byTeam!.id)} WHERE k1 = ? ORDER BY seq`, 'red')).toContain(`SEARCH ${keyTable(byTeam!.id)} USING PRIMARY KEY (k1=?)`);

    expect(store.planOf('people', { filter: { team: 'red' }, sort: '', limit: 3 }).join(' | ')).toMatch(new RegExp(`SEARCH k USING PRIMARY KEY \\(k1=\\?\\).*SEARCH r USING INTEGER PRIMARY KEY \\(rowid=\\?\\)`));
    expect(store.planOf('people', { filter: { team: 'red' }, sort: '-age', limit: 3 })[0]).toBe('SEARCH k USING PRIMARY KEY (k1=?)');
    expect(store.planOf('people', { filter: { colour: 'red' }, sort: '', limit: 3 })[0]).toMatch(/records_by_seq/);
    const red = await allPages(store, { filter: { team: 'red' }, limit: 3 });
    expect(red.ids).toHaveLength(PEOPLE / 3);
    const first = await store.page('people', { filter: { team: 'red' }, sort: '', limit: 3, count: true });
    expect(first.total).toBe(PEOPLE / 3);
    const sorted = await allPages(store, { filter: { team: 'red' }, sort: '-age', limit: 4 });
    expect(sorted.ids).toHaveLength(PEOPLE / 3);
    expect(byTeamAndAge!.fields).toEqual(['team', 'age']);

    // Writes after the build keep the keys: a new red, a move to blue, a deletion.
    await store.insert('people', { id: 'new', team: 'red', age: 99 });
    await store.update('people', 'p0', { team: 'blue' });
    await store.delete('people', 'p7');
    const after = await store.page('people', { filter: { team: 'red' }, sort: '', limit: 100, count: true });
    expect(after.total).toBe(PEOPLE / 3);
    expect(after.items.map((item) => item.id)).toContain('new');
    expect(after.items.map((item) => item.id)).not.toContain('p0');
    expect(after.items.map((item) => item.id)).not.toContain('p7');
    expect((await store.query('people', { filter: { team: 'red' }, sort: '-age', limit: 2, offset: 1 })).total).toBe(PEOPLE / 3);
  });

  it('drops indexes no longer needed, table and upkeep alike', async () => {
    await indexes.reconcile([{ collection: 'people', fields: ['team'] }]);
    await indexes.whenIdle();
    const [index] = await indexes.list();
    await indexes.reconcile([]);
    // Marked for dropping, unless the builder already dropped it in the meantime.
    expect((await indexes.list()).every((left) => left.state === 'dropping')).toBe(true);
    await indexes.whenIdle();
    expect(await indexes.list()).toEqual([]);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'record_keys_%'").all();
    expect(tables).toEqual([]);
    await store.insert('people', { id: 'after-drop', team: 'red' });
    expect(keyTable(index!.id)).toMatch(/^record_keys_\d+$/);
  });

  it('refuses a cursor it did not hand out, or one of another sort order', async () => {
    const page = await store.page('people', { filter: {}, sort: 'age', limit: 2 });
    await expect(store.page('people', { filter: {}, sort: '-age', limit: 2, cursor: page.nextCursor! })).rejects.toThrow(InvalidCursor);
    await expect(store.page('people', { filter: {}, sort: '', limit: 2, cursor: 'not a cursor' })).rejects.toThrow(/not one this query handed out/);
    await expect(store.page('people', { filter: {}, sort: '', limit: 2, cursor: Buffer.from('{"v":1,"s":"","q":-1}').toString('base64url') })).rejects.toThrow(InvalidCursor);
  });

  it('keeps record counts per collection through inserts and deletes', async () => {
    const counts = () => db.prepare('SELECT collection, records FROM record_counts ORDER BY collection').all();
    expect(counts()).toEqual([{ collection: 'people', records: PEOPLE }, { collection: 'pets', records: 1 }]);
    await store.delete('pets', 'x');
    expect(counts()).toEqual([{ collection: 'people', records: PEOPLE }]);
  });
});
