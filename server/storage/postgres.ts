import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { POSTGRES_MIGRATIONS } from './postgres-migrations/index.js';

/** Connections one replica keeps to PostgreSQL; flow workers open their own, smaller pools. */
export const DEFAULT_POOL_SIZE = 10;
/** A statement that runs longer is cancelled by the server: no request holds a connection forever. */
export const STATEMENT_TIMEOUT_MS = 30_000;
/** Waiting longer than this for a free connection (or a new one) is an error, not a stall. */
const CONNECT_TIMEOUT_MS = 5_000;
/** Idle connections are closed after this, so a quiet replica holds few. */
const IDLE_TIMEOUT_MS = 30_000;
/** pg_advisory_lock key (any fixed bigint) that serialises migrations of replicas starting together. */
const MIGRATION_LOCK = 0x666c6f77; // "flow"
/** Set on every connection of a pool: the change-notice triggers (007_change_notices) send it as the origin its replica skips. */
export const REPLICA_SETTING = 'flowgate.replica';
/** Random bytes of a pool's replica id. */
const REPLICA_ID_BYTES = 8;

/**
 * Statement shapes (SQL written from a published API's plan) one pool names at most: each connection
 * keeps each named statement for its life, so a pool holds at most this many per connection; later
 * shapes run unnamed (parsed and planned per call, as every statement did before).
 */
export const MAX_SHAPE_NAMES = 200;
/** Names of shaped statements: `flowgate_shape_<n>`, apart from the fixed names of fixed SQL. */
const SHAPE_NAME_PREFIX = 'flowgate_shape_';

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const TIMESTAMPTZ_OID = 1184;

/**
 * COUNT(*) and bigint columns as numbers (they stay far below 2^53 here), timestamps as the ISO
 * strings the SQLite engine stores, so both engines hand repositories the same values.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    if (oid === TIMESTAMPTZ_OID) return (value: string) => new Date(value).toISOString();
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as typeof pg.types.getTypeParser,
};

/**
 * A statement PostgreSQL keeps parsed (and planned) per connection under its name: fixed SQL only,
 * never text that varies with values, so each connection holds a bounded set.
 */
export type NamedStatement = { readonly name: string; readonly text: string };
/** SQL text, or a named statement for the hot paths. */
export type Sql = string | NamedStatement;

export type PgClient = pg.PoolClient;
export type Queryable = pg.Pool | pg.PoolClient;

/** A PostgreSQL workspace: a bounded pool, migrated on open. */
export type PgDatabase = {
  readonly pool: pg.Pool;
  /** Every row of a statement. */
  all<R>(sql: Sql, params?: unknown[], on?: Queryable): Promise<R[]>;
  /** The first row, or undefined. */
  one<R>(sql: Sql, params?: unknown[], on?: Queryable): Promise<R | undefined>;
  /** How many rows a statement changed. */
  run(sql: Sql, params?: unknown[], on?: Queryable): Promise<number>;
  /**
   * SQL written from a bounded set of shapes (values always as parameters, never in the text), named
   * so PostgreSQL parses and plans it once per connection; plain text once the pool has named MAX_SHAPE_NAMES.
   */
  shaped(text: string): Sql;
  /** BEGIN … COMMIT on one connection; ROLLBACK when fn throws. */
  transaction<T>(fn: (client: PgClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export type PostgresOptions = { poolSize?: number; applicationName?: string; migrate?: boolean };

/** Connects (checking the server answers) and runs pending migrations; rejects with a plain message otherwise. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<PgDatabase> {
  const replicaId = randomBytes(REPLICA_ID_BYTES).toString('hex');
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    application_name: options.applicationName ?? 'flowgate',
    types,
    // Set before the pool hands a new connection out (a failure fails that connect): every write of this replica names it.
    onConnect: async (client) => {
      await client.query('SELECT set_config($1, $2, false)', [REPLICA_SETTING, replicaId]);
    },
  });
  // An idle connection the server dropped (restart, failover) must not crash the process: the pool replaces it.
  pool.on('error', () => undefined);
  const database = pgDatabase(pool);
  try {
    if (options.migrate !== false) await migrate(database);
    else await database.one('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(`Could not open the PostgreSQL workspace at ${redactUrl(url)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return database;
}

function pgDatabase(pool: pg.Pool): PgDatabase {
  const shapes = new Map<string, NamedStatement>();
  const database: PgDatabase = {
    pool,
    all: async <R>(sql: Sql, params: unknown[] = [], on: Queryable = pool) => (await on.query(queryOf(sql, params))).rows as R[],
    one: async <R>(sql: Sql, params: unknown[] = [], on: Queryable = pool) => (await on.query(queryOf(sql, params))).rows[0] as R | undefined,
    run: async (sql, params = [], on = pool) => (await on.query(queryOf(sql, params))).rowCount ?? 0,
    shaped: (text) => {
      const known = shapes.get(text);
      if (known) return known;
      if (shapes.size >= MAX_SHAPE_NAMES) return text;
      const named = { name: `${SHAPE_NAME_PREFIX}${shapes.size + 1}`, text };
      shapes.set(text, named);
      return named;
    },
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
  return database;
}

const queryOf = (sql: Sql, values: unknown[]): pg.QueryConfig => (typeof sql === 'string' ? { text: sql, values } : { name: sql.name, text: sql.text, values });

/** Replicas may start together: one migrates under an advisory lock while the others wait, then find nothing to do. */
async function migrate(database: PgDatabase): Promise<void> {
  const client = await database.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS flowgate_schema (version integer NOT NULL)');
    const row = (await client.query<{ version: number }>('SELECT version FROM flowgate_schema')).rows[0];
    if (!row) await client.query('INSERT INTO flowgate_schema (version) VALUES (0)');
    const current = row?.version ?? 0;
    if (current > POSTGRES_MIGRATIONS.length) {
      throw new Error(`this workspace was written by a newer Flowgate (schema ${current}, this one knows ${POSTGRES_MIGRATIONS.length})`);
    }
    for (let index = current; index < POSTGRES_MIGRATIONS.length; index++) {
      await client.query('BEGIN');
      try {
        await client.query(POSTGRES_MIGRATIONS[index]!.sql);
        await client.query('UPDATE flowgate_schema SET version = $1', [index + 1]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new Error(`migration ${POSTGRES_MIGRATIONS[index]!.name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the given database URL';
  }
}
