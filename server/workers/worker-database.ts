import Database from 'better-sqlite3';
import type { ApiDefinition } from '../../shared/model/api.js';
import { openPostgres, type PgDatabase } from '../storage/postgres.js';
import type { Storage } from '../storage/storage.js';
import { beginImmediately, type Db } from '../workspace/db.js';

/** How long a worker's statement waits on another connection's write lock before failing. */
const BUSY_TIMEOUT_MS = 5000;
/** Connections each flow worker keeps to PostgreSQL: a worker runs flows concurrently, but N workers share the server's limit. */
export const WORKER_POOL_SIZE = 4;

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

/** Where the listener keeps its workspace, as it tells each worker it starts. */
export type WorkerStorageLocation = { dbFile: string; databaseUrl?: string | undefined };

/** The worker's own storage: its SQLite connection, or a small PostgreSQL pool (never migrating: the listener did). */
export async function openWorkerStorage(location: WorkerStorageLocation): Promise<Storage> {
  if (!location.databaseUrl) return { engine: 'sqlite', db: openWorkerDatabase(location.dbFile), file: location.dbFile, label: location.dbFile };
  const pg = await openPostgres(location.databaseUrl, { poolSize: WORKER_POOL_SIZE, migrate: false, applicationName: 'flowgate worker' });
  return { engine: 'postgres', pg, url: location.databaseUrl, label: 'worker' };
}

/**
 * Published versions read ahead from PostgreSQL: a worker compiles synchronously what the listener
 * tells it to serve, so before it applies a table or a change it loads the versions that names.
 */
export class PrefetchedVersions {
  private readonly definitions = new Map<string, ApiDefinition>();

  constructor(private readonly pg: PgDatabase) {}

  /** Loads the versions not held yet, in one statement. */
  async load(versions: readonly { apiId: string; version: number }[]): Promise<void> {
    const missing = versions.filter(({ apiId, version }) => !this.definitions.has(versionKey(apiId, version)));
    if (missing.length === 0) return;
    const rows = await this.pg.all<{ api_id: string; version: number; definition: string }>(
      'SELECT v.api_id, v.version, v.definition FROM api_versions AS v JOIN unnest($1::text[], $2::int[]) AS w(api_id, version) ON v.api_id = w.api_id AND v.version = w.version',
      [missing.map((entry) => entry.apiId), missing.map((entry) => entry.version)],
    );
    for (const row of rows) this.definitions.set(versionKey(row.api_id, row.version), JSON.parse(row.definition) as ApiDefinition);
  }

  version(apiId: string, version: number): ApiDefinition | undefined {
    return this.definitions.get(versionKey(apiId, version));
  }

  /** An API deleted (or replaced by an import) loses its versions here too. */
  forget(apiIds: readonly string[]): void {
    const gone = new Set(apiIds);
    for (const key of [...this.definitions.keys()]) if (gone.has(key.slice(0, key.indexOf('\u0000')))) this.definitions.delete(key);
  }
}

const versionKey = (apiId: string, version: number): string => `${apiId}\u0000${version}`;
