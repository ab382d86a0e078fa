import type { PgDatabase } from '../../storage/postgres.js';

/** The one table every replica's counters share (rate-limiter-flexible's columns, in its order). */
export const RATE_LIMIT_TABLE = 'flowgate_rate_limits';
/** pg_advisory_xact_lock key (any fixed bigint) for creating the table: replicas starting together don't race on DDL. */
const TABLE_LOCK = 0x726c696d; // "rlim"
/** Expired counters are deleted this often by each replica; an expired row is harmless meanwhile (the next count resets it). */
export const SWEEP_EVERY_MS = 5 * 60_000;
/** Rows are deleted this long after their window ended, so a replica whose clock runs behind never loses a live count. */
const SWEEP_GRACE_MS = 60 * 60_000;

/*
 * UNLOGGED: counters are rewritten on nearly every request and live a window long; skipping the WAL
 * makes each count cheaper, and losing them in a crash (or on a standby) only restarts the windows.
 * `key` is text (the library's default is varchar(255)): an IPv6 address and a fingerprint always fit.
 */
const CREATE_TABLE = `CREATE UNLOGGED TABLE IF NOT EXISTS ${RATE_LIMIT_TABLE} (
  key text PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
)`;

/** Creates the counters' table once; concurrent replicas wait on the lock and find it there. */
export async function createRateLimitTable(pg: PgDatabase): Promise<void> {
  await pg.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [TABLE_LOCK]);
    await client.query(CREATE_TABLE);
  });
}

/** Deletes the counters whose window ended long ago; a failure waits for the next sweep (nothing depends on it). */
export async function sweepExpiredCounters(pg: PgDatabase, now: number): Promise<void> {
  await pg.run(`DELETE FROM ${RATE_LIMIT_TABLE} WHERE expire < $1`, [now - SWEEP_GRACE_MS]).catch(() => undefined);
}
