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
  migrate(db);
  return db;
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
