import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations/index.js';
import { keepPrivate, SQLITE_COMPANION_SUFFIXES } from './file-modes.js';

export type Db = Database.Database;

/**
 * Opens (or creates) a workspace file: owner-only (0600, with its -wal and -shm), WAL, foreign
 * keys, and every pending migration in one transaction each.
 */
export function openDatabase(file: string): Db {
  keepPrivate(file, { create: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // SQLite gives -wal and -shm the main file's mode; checked once more in case they came from elsewhere.
  for (const suffix of SQLITE_COMPANION_SUFFIXES) keepPrivate(`${file}${suffix}`);
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  beginImmediately(db);
  migrate(db);
  return db;
}

/**
 * Flow workers and the request log's writer write through connections of their own. In WAL, a
 * transaction that reads before it writes must take the write lock when it begins (IMMEDIATE):
 * otherwise, if another connection commits in between, its first write fails at once with
 * SQLITE_BUSY_SNAPSHOT instead of waiting its turn. Every `db.transaction(fn)` begins so.
 */
export function beginImmediately(db: Db): void {
  const make = db.transaction.bind(db);
  db.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const made = make(fn);
    const immediate = made.immediate;
    return Object.assign((...args: unknown[]) => immediate(...args), {
      default: immediate,
      deferred: made.deferred,
      immediate,
      exclusive: made.exclusive,
      database: db,
    });
  }) as Db['transaction'];
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`This workspace was written by a newer Flowgate (schema ${current}, this one knows ${MIGRATIONS.length}).`);
  }
  for (let index = current; index < MIGRATIONS.length; index++) {
    const migration = MIGRATIONS[index]!;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${index + 1}`);
    })();
  }
}

export const nowIso = (): string => new Date().toISOString();
