import type { PgClient, PgDatabase } from '../../storage/postgres.js';
import { nowIso } from '../db.js';
import { specKey, type IndexChanges, type RecordIndexes, type RecordIndexInfo, type RecordIndexSpec, type RecordIndexState } from '../record-indexes.js';
import { pgKeyOf, pgLiteral } from './record-sql.js';

/** pg_advisory_lock's first key (any fixed int) for index builds; the second is the index's id. */
const INDEX_LOCK_CLASS = 0x72656369; // "reci"
/** How often whenIdle() looks again while another replica builds or drops an index. */
const IDLE_POLL_MS = 25;
/** Building never finishes before this share is reported, so "ready" is only ever the row's state. */
const MAX_BUILDING_PROGRESS = 0.99;

type IndexRow = { id: number; collection: string; fields: string; state: RecordIndexState; created_at: string; ready_at: string | null; blocks_done: number | null; blocks_total: number | null; phase: string | null };

export const indexName = (id: number): string => `record_idx_${id}`;

/**
 * Where each phase of a concurrent build (pg_stat_progress_create_index) starts, and the share its
 * block scan covers: the table is scanned to build, then the index and the table again to validate.
 */
const BUILD_PHASES: readonly [phase: string, start: number, span: number][] = [
  ['building index: scanning table', 0, 0.5],
  ['building index', 0.5, 0],
  ['waiting for writers before validation', 0.5, 0],
  ['index validation: scanning index', 0.5, 0.25],
  ['index validation: sorting tuples', 0.75, 0],
  ['index validation: scanning table', 0.75, 0.25],
  ['waiting for old snapshots', 1, 0],
];

function buildProgress(row: Pick<IndexRow, 'blocks_done' | 'blocks_total' | 'phase'>): number {
  const phase = row.phase && BUILD_PHASES.find(([name]) => row.phase!.startsWith(name));
  if (!phase) return 0;
  const scanned = row.blocks_total ? (row.blocks_done ?? 0) / row.blocks_total : 0;
  return Math.min(MAX_BUILDING_PROGRESS, phase[1] + phase[2] * scanned);
}

/** The expression index a record.query with these fields reads: its keys, then seq, only on its collection's rows. */
export function createIndexStatement(id: number, spec: RecordIndexSpec): string {
  const keys = spec.fields.map((field) => `(${pgKeyOf(field)})`).join(', ');
  return `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${indexName(id)} ON records (${keys}, seq) WHERE collection = ${pgLiteral(spec.collection)}`;
}

/**
 * The record store's indexes on PostgreSQL: expression indexes on the jsonb paths published
 * record.query nodes filter and sort on, made with CREATE INDEX CONCURRENTLY (writes go on while it
 * builds) from this process, asynchronously. The record_indexes row is the claim: of replicas
 * wanting the same index, the one whose insert lands builds it, under an advisory lock on its id,
 * so a replica starting later resumes a build whose builder died but never repeats a running one.
 * Queries need no catalogue: the planner reads an index once it is valid.
 */
export class PostgresRecordIndexes implements RecordIndexes {
  /** One job at a time: PostgreSQL runs one concurrent build per table anyway, and each would hold a pooled connection while it waits. */
  private queue: Promise<void> = Promise.resolve();
  /** Indexes whose build failed here: whenIdle() does not wait for them (the next start tries again). */
  private readonly failed = new Set<number>();
  /** The backends running this replica's builds, so stop() can cancel them. */
  private readonly builders = new Set<number>();
  private stopped = false;

  constructor(
    private readonly pg: PgDatabase,
    private readonly onError: (message: string) => void = (message) => console.error(`[record indexes] ${message}`),
  ) {
    // What a previous run (of any replica) left unfinished goes on now, unless another replica holds it.
    this.enqueue(() => this.resume());
  }

  /** Progress of a build is PostgreSQL's own (pg_stat_progress_create_index), seen from any replica. */
  async list(): Promise<RecordIndexInfo[]> {
    const rows = await this.pg.all<IndexRow>(
      `SELECT i.id, i.collection, i.fields, i.state, i.created_at, i.ready_at, p.blocks_done, p.blocks_total, p.phase
       FROM record_indexes AS i
       LEFT JOIN pg_class AS c ON c.relname = 'record_idx_' || i.id
       LEFT JOIN pg_stat_progress_create_index AS p ON p.index_relid = c.oid
       ORDER BY i.collection COLLATE "C", i.id`,
    );
    return rows.map((row) => ({
      id: row.id,
      collection: row.collection,
      fields: JSON.parse(row.fields) as string[],
      state: row.state,
      progress: row.state === 'ready' ? 1 : row.state === 'building' ? buildProgress(row) : 0,
      createdAt: row.created_at,
      readyAt: row.ready_at,
    }));
  }

  async reconcile(needed: readonly RecordIndexSpec[]): Promise<IndexChanges> {
    const wanted = new Map(needed.map((spec) => [specKey(spec.collection, spec.fields), spec]));
    const live = await this.pg.all<{ id: number; collection: string; fields: string }>("SELECT id, collection, fields FROM record_indexes WHERE state <> 'dropping'");
    const have = new Set(live.map((row) => specKey(row.collection, JSON.parse(row.fields) as string[])));
    const missing = [...wanted].filter(([key]) => !have.has(key)).map(([, spec]) => spec);
    const unneeded = live.filter((row) => !wanted.has(specKey(row.collection, JSON.parse(row.fields) as string[])));
    const created: RecordIndexSpec[] = [];
    for (const spec of missing) {
      // Another replica may have claimed it a moment ago: then it builds, not this one.
      const claimed = await this.pg.one<{ id: number }>(
        "INSERT INTO record_indexes (collection, fields, state, created_at) VALUES ($1, $2, 'building', $3) ON CONFLICT (collection, fields) WHERE state <> 'dropping' DO NOTHING RETURNING id",
        [spec.collection, JSON.stringify(spec.fields), nowIso()],
      );
      if (!claimed) continue;
      created.push(spec);
      this.enqueue(() => this.build(claimed.id));
    }
    const dropped: RecordIndexSpec[] = [];
    for (const row of unneeded) {
      if ((await this.pg.run("UPDATE record_indexes SET state = 'dropping' WHERE id = $1 AND state <> 'dropping'", [row.id])) === 0) continue;
      dropped.push({ collection: row.collection, fields: JSON.parse(row.fields) as string[] });
      this.enqueue(() => this.drop(row.id));
    }
    return { created, dropped };
  }

  async whenIdle(): Promise<void> {
    for (;;) {
      await this.queue;
      const pending = await this.pg.all<{ id: number }>("SELECT id FROM record_indexes WHERE state IN ('building', 'dropping')");
      if (this.stopped || pending.every((row) => this.failed.has(row.id))) return;
      // A build another replica runs (or one whose builder died): take it over if its lock is free.
      this.enqueue(() => this.resume());
      await this.queue;
      await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
    }
  }

  /** Cancels this replica's builds: their rows stay 'building', and the next start (of any replica) resumes them. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const pid of this.builders) await this.pg.run('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
    await this.queue;
  }

  /** Runs after the jobs before it; a failure is reported (not thrown), and the next start tries again. */
  private enqueue(job: () => Promise<void>): void {
    this.queue = this.queue.then(job).catch((error: unknown) => {
      if (!this.stopped) this.onError(`an index could not be built or dropped: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private async resume(): Promise<void> {
    const rows = await this.pg.all<{ id: number; state: RecordIndexState }>("SELECT id, state FROM record_indexes WHERE state IN ('building', 'dropping') ORDER BY id");
    for (const row of rows) if (!this.failed.has(row.id)) this.enqueue(() => (row.state === 'building' ? this.build(row.id) : this.drop(row.id)));
  }

  /** Builds under the index's lock; a replica that cannot take it leaves the build to the one that holds it. */
  private async build(id: number): Promise<void> {
    await this.withIndexLock(id, false, async (client) => {
      const row = (await client.query<{ collection: string; fields: string; state: RecordIndexState }>('SELECT collection, fields, state FROM record_indexes WHERE id = $1', [id])).rows[0];
      if (row?.state !== 'building') return;
      this.failed.add(id);
      // A build cancelled half-way leaves an invalid index of that name, which IF NOT EXISTS would keep.
      const leftover = await client.query<{ valid: boolean }>('SELECT x.indisvalid AS valid FROM pg_class AS c JOIN pg_index AS x ON x.indexrelid = c.oid WHERE c.relname = $1', [indexName(id)]);
      if (leftover.rows[0]?.valid === false) await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${indexName(id)}`);
      await client.query(createIndexStatement(id, { collection: row.collection, fields: JSON.parse(row.fields) as string[] }));
      await client.query("UPDATE record_indexes SET state = 'ready', ready_at = $2 WHERE id = $1 AND state = 'building'", [id, nowIso()]);
      this.failed.delete(id);
    });
  }

  /** Waits for a build of the same index (on any replica) to end, then drops it without blocking writes. */
  private async drop(id: number): Promise<void> {
    await this.withIndexLock(id, true, async (client) => {
      const row = (await client.query<{ state: RecordIndexState }>('SELECT state FROM record_indexes WHERE id = $1', [id])).rows[0];
      if (row?.state !== 'dropping') return;
      await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${indexName(id)}`);
      await client.query('DELETE FROM record_indexes WHERE id = $1', [id]);
    });
  }

  /** One connection for the whole job (CONCURRENTLY runs outside a transaction), with no statement timeout: a big build takes minutes. */
  private async withIndexLock(id: number, wait: boolean, job: (client: PgClient) => Promise<void>): Promise<void> {
    if (this.stopped) return;
    const client = await this.pg.pool.connect();
    let pid: number | undefined;
    try {
      pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      this.builders.add(pid);
      if (wait) await client.query('SELECT pg_advisory_lock($1, $2)', [INDEX_LOCK_CLASS, id]);
      else if (!(await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS taken', [INDEX_LOCK_CLASS, id])).rows[0]!.taken) return;
      try {
        await client.query('SET statement_timeout = 0');
        await job(client);
      } finally {
        await client.query('RESET statement_timeout').catch(() => undefined);
        await client.query('SELECT pg_advisory_unlock($1, $2)', [INDEX_LOCK_CLASS, id]).catch(() => undefined);
      }
    } finally {
      if (pid !== undefined) this.builders.delete(pid);
      client.release();
    }
  }
}
