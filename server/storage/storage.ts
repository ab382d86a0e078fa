import { openDatabase, type Db } from '../workspace/db.js';
import { openPostgres, redactUrl, type PgDatabase } from './postgres.js';

/**
 * Where a workspace lives. SQLite (one file, one machine) is the default; PostgreSQL lets any
 * number of `flowgate serve` replicas share one workspace. Repositories come in one class per
 * engine behind one interface; `storage.engine` picks which.
 */
export type Storage =
  | { readonly engine: 'sqlite'; readonly db: Db; readonly file: string; readonly label: string }
  | { readonly engine: 'postgres'; readonly pg: PgDatabase; readonly url: string; readonly label: string };

export type StorageEngine = Storage['engine'];

export type StorageLocation = { dbFile: string; databaseUrl?: string | undefined };

/** Opens and migrates the workspace: PostgreSQL when a database URL is given, else the SQLite file. */
export async function openStorage(location: StorageLocation, options: { poolSize?: number } = {}): Promise<Storage> {
  if (location.databaseUrl) {
    const pg = await openPostgres(location.databaseUrl, options.poolSize === undefined ? {} : { poolSize: options.poolSize });
    return { engine: 'postgres', pg, url: location.databaseUrl, label: redactUrl(location.databaseUrl) };
  }
  return { engine: 'sqlite', db: openDatabase(location.dbFile), file: location.dbFile, label: location.dbFile };
}

export async function closeStorage(storage: Storage): Promise<void> {
  if (storage.engine === 'sqlite') storage.db.close();
  else await storage.pg.close();
}

/** The one value per engine: `byEngine(storage, { sqlite: (db) => …, postgres: (pg) => … })`. */
export function byEngine<T>(storage: Storage, make: { sqlite: (db: Db) => T; postgres: (pg: PgDatabase) => T }): T {
  return storage.engine === 'sqlite' ? make.sqlite(storage.db) : make.postgres(storage.pg);
}

/** The SQLite database of a workspace that must be one (tools and tests that speak SQLite). */
export function sqliteDatabase(storage: Storage): Db {
  if (storage.engine !== 'sqlite') throw new Error(`This needs a SQLite workspace; this one is PostgreSQL (${storage.label}).`);
  return storage.db;
}
