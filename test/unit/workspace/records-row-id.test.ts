import { chmodSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../server/workspace/db.js';
import { MIGRATIONS } from '../../../server/workspace/migrations/index.js';
import { SqliteRecordIndexes } from '../../../server/workspace/record-indexes.js';
import { keyTable } from '../../../server/workspace/record-keys.js';
import { SqliteRecordStore } from '../../../server/workspace/sqlite-record-store.js';
import { makeTempDir, removeTempDir } from '../../support/temp.js';

const ROW_ID = MIGRATIONS.findIndex((m) => m.name === '011_records_row_id');
const TEAMS = ['red', 'green', 'blue'];
const PEOPLE = 30;

/** A workspace as schema 10 left it: records without row_id, and a ready index whose key table holds seq only. */
function oldWorkspace(file: string): Map<string, number> {
  const old = new Database(file);
  for (const migration of MIGRATIONS.slice(0, ROW_ID)) old.exec(migration.sql);
  old.pragma(`user_version = ${ROW_ID}`);
  old.exec(`
CREATE TABLE record_keys_1 (k1 ANY NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (k1, seq)) STRICT, WITHOUT ROWID;
CREATE TRIGGER record_keys_1_insert AFTER INSERT ON records WHEN NEW.collection = 'people' BEGIN
  INSERT OR IGNORE INTO record_keys_1 (k1, seq) VALUES (IFNULL(json_extract(NEW.data, '$."team"'), -9e999), NEW.seq);
END;
INSERT INTO record_indexes (collection, fields, state, created_at, ready_at) VALUES ('people', '["team"]', 'ready', '2026-01-01', '2026-01-01');`);
  const insert = old.prepare('INSERT INTO records (collection, id, seq, data) VALUES (?, ?, ?, ?)');
  // A deleted record leaves a gap in the rowids, which the copy must keep.
  insert.run('pets', 'gone', 1, '{"id":"gone"}');
  for (let n = 0; n < PEOPLE; n++) insert.run('people', `p${n}`, n + 1, JSON.stringify({ id: `p${n}`, team: TEAMS[n % 3] }));
  old.exec("DELETE FROM records WHERE id = 'gone'");
  const rowIds = new Map((old.prepare('SELECT id, rowid AS row FROM records').all() as { id: string; row: number }[]).map((row) => [row.id, row.row]));
  old.close();
  chmodSync(file, 0o600);
  return rowIds;
}

describe('migration 011: records keep their rowid as row_id, and key tables point at it', () => {
  let dir: string;
  let db: Db | undefined;
  let indexes: SqliteRecordIndexes | undefined;

  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(async () => {
    await indexes?.stop();
    db?.close();
    removeTempDir(dir);
  });

  it('copies records with their rowids, drops the old key tables and rebuilds the index with row ids', async () => {
    const file = path.join(dir, 'workspace.db');
    const rowIds = oldWorkspace(file);
    db = openDatabase(file);
    const rows = db.prepare('SELECT id, row_id AS row FROM records').all() as { id: string; row: number }[];
    expect(new Map(rows.map((row) => [row.id, row.row]))).toEqual(rowIds);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'record_keys_%'").all()).toEqual([]);
    expect(db.prepare('SELECT state FROM record_indexes').all()).toEqual([{ state: 'dropping' }]);
    expect(db.prepare('SELECT collection, records FROM record_counts ORDER BY collection').all()).toEqual([{ collection: 'people', records: PEOPLE }]);

    // As the publish reconcile does at start: the index is made again, filled in the background, and read.
    indexes = new SqliteRecordIndexes(db, () => undefined);
    await indexes.reconcile([{ collection: 'people', fields: ['team'] }]);
    await indexes.whenIdle();
    const [index] = await indexes.list();
    expect(index).toMatchObject({ fields: ['team'], state: 'ready', progress: 1 });
    expect(db.prepare(`SELECT name FROM sqlite_schema WHERE name = '${keyTable(1)}'`).all()).toEqual([]);

    const store = new SqliteRecordStore(db);
    await store.insert('people', { id: 'late', team: 'red' });
    await store.update('people', 'p1', { team: 'red' });
    await store.delete('people', 'p3');
    expect(store.planOf('people', { filter: { team: 'red' }, sort: '', limit: 50 }).join(' | ')).toContain('SEARCH r USING INTEGER PRIMARY KEY (rowid=?)');
    const red = await store.page('people', { filter: { team: 'red' }, sort: '', limit: 50, count: true });
    const expected = [...Array.from({ length: PEOPLE }, (_, n) => n).filter((n) => n % 3 === 0 && n !== 3).map((n) => `p${n}`), 'late'];
    expected.splice(1, 0, 'p1');
    expect(red.items.map((item) => item.id)).toEqual(expected);
    expect(red.total).toBe(expected.length);

    // VACUUM keeps an INTEGER PRIMARY KEY, so the key tables still point at the right rows.
    db.exec('VACUUM');
    expect((await store.page('people', { filter: { team: 'red' }, sort: '', limit: 50 })).items.map((item) => item.id)).toEqual(expected);
    await expect(store.insert('people', { id: 'late', team: 'blue' })).rejects.toThrow(/late/);
  });
});
