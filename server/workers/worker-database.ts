import Database from 'better-sqlite3';
import { beginImmediately, type Db } from '../workspace/db.js';

/** How long a worker's statement waits on another connection's write lock before failing. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * A flow worker's own connection to the workspace the listener opened (and migrated): the same
 * settings, and never a migration of its own, so a worker cannot move the schema under the listener.
 */
export function openWorkerDatabase(file: string): Db {
  const db = new Database(file, { fileMustExist: true });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  beginImmediately(db);
  return db;
}
