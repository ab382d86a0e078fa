import { randomUUID } from 'node:crypto';
import type { TraceStep } from '../../../shared/model/runtime.js';
import type { LiveTrace, SharedTraces } from '../../runtime/traces.js';
import type { PgDatabase } from '../../storage/postgres.js';

/** Traces waiting for PostgreSQL on one replica (each up to a few 64 KB outputs); beyond it the oldest go. */
export const MAX_QUEUED_TRACES = 50;
/** Traces one INSERT takes at most. */
const TRACES_PER_INSERT = 20;
/** Each replica keeps its newest this many in the table (as many as it keeps in memory)… */
export const KEPT_TRACES_PER_REPLICA = 200;
/** …and none older than this, so a stopped replica's traces go too. */
export const MAX_TRACE_AGE_MS = 60 * 60 * 1000;
/** How often a replica trims the table; also after it has written KEPT_TRACES_PER_REPLICA since the last trim. */
const TRIM_INTERVAL_MS = 60 * 1000;
/** A trace kept by another replica is written a moment after its answer: a miss is looked up again for this long… */
export const TRACE_ARRIVAL_WAIT_MS = 250;
/** …this often. */
const ARRIVAL_POLL_MS = 50;
/** Closing waits this long at most for queued traces to be written: a hung database must not hold a shutdown. */
const CLOSE_WAIT_MS = 1_000;

const INSERT = `
INSERT INTO live_traces (request_id, replica, time, environment, api_id, version, steps)
SELECT request_id, $1, time, environment, api_id, version, steps
  FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::text[]) AS t (request_id, time, environment, api_id, version, steps)
ON CONFLICT (request_id) DO NOTHING`;
const SELECT = 'SELECT request_id, time, environment, api_id, version, steps FROM live_traces WHERE request_id = $1';
const TRIM_OLD = `DELETE FROM live_traces WHERE kept_at < now() - $1 * interval '1 millisecond'`;
const TRIM_OWN = `DELETE FROM live_traces WHERE replica = $1
  AND seq <= (SELECT seq FROM live_traces WHERE replica = $1 ORDER BY seq DESC OFFSET $2 LIMIT 1)`;

type TraceRow = { request_id: string; time: string; environment: string; api_id: string; version: number; steps: string };

export type PostgresTracesOptions = { maxQueued?: number; keptPerReplica?: number; maxAgeMs?: number; arrivalWaitMs?: number };

/**
 * One replica's side of the shared traces table: kept traces (already redacted and bounded) queue in
 * memory and go over in the background, one INSERT in flight at a time, never on a request's path.
 * A database that refuses them only loses traces (said once until it takes them again); the queue is
 * capped so it never grows the process. Reads look the table up by request id.
 */
export class PostgresTraces implements SharedTraces {
  /** This replica's name in the table, new at each start: a restarted replica's old rows age out. */
  readonly replica = randomUUID();
  private queue: LiveTrace[] = [];
  private writing: Promise<void> | undefined;
  private scheduled = false;
  private writtenSinceTrim = 0;
  private trimming: Promise<void> | undefined;
  private failing = false;
  private droppedTraces = 0;
  private closed = false;
  private readonly timer: NodeJS.Timeout;
  private readonly maxQueued: number;
  private readonly keptPerReplica: number;
  private readonly maxAgeMs: number;
  private readonly arrivalWaitMs: number;

  constructor(
    private readonly pg: PgDatabase,
    options: PostgresTracesOptions = {},
  ) {
    this.maxQueued = options.maxQueued ?? MAX_QUEUED_TRACES;
    this.keptPerReplica = options.keptPerReplica ?? KEPT_TRACES_PER_REPLICA;
    this.maxAgeMs = options.maxAgeMs ?? MAX_TRACE_AGE_MS;
    this.arrivalWaitMs = options.arrivalWaitMs ?? TRACE_ARRIVAL_WAIT_MS;
    this.timer = setInterval(() => void this.trim(), TRIM_INTERVAL_MS);
    this.timer.unref();
  }

  add(trace: LiveTrace): void {
    if (this.closed) return;
    this.queue.push(trace);
    if (this.queue.length > this.maxQueued) this.drop(this.queue.length - this.maxQueued);
    if (this.writing || this.scheduled) return; // the write in flight takes the rest when it ends
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.writeQueued();
    });
  }

  /** The trace from the table; a miss is looked up again for a moment, as another replica may be writing it right now. */
  async get(requestId: string): Promise<LiveTrace | undefined> {
    const deadline = Date.now() + this.arrivalWaitMs;
    for (;;) {
      const row = await this.pg.one<TraceRow>(SELECT, [requestId]);
      if (row) return traceOf(row);
      if (this.closed || Date.now() + ARRIVAL_POLL_MS > deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, ARRIVAL_POLL_MS));
    }
  }

  /** Resolves once every trace queued so far was written (or refused), and the trim they started done; never rejects. */
  async flush(): Promise<void> {
    while (this.writing || this.queue.length > 0) {
      if (this.writing) await this.writing;
      else this.writeQueued();
    }
    await this.trimming;
  }

  /** Drops this replica's traces beyond its newest KEPT_TRACES_PER_REPLICA, and everyone's older than MAX_TRACE_AGE_MS; never rejects. */
  trim(): Promise<void> {
    this.writtenSinceTrim = 0;
    return (this.trimming ??= (async () => {
      try {
        await this.pg.run(TRIM_OWN, [this.replica, this.keptPerReplica]);
        await this.pg.run(TRIM_OLD, [this.maxAgeMs]);
      } catch (error) {
        // The next trim tries again; traces are a debugging aid, so a failed trim only delays it.
        if (!this.failing) console.error(`[traces] could not trim the shared traces: ${messageOf(error)}`);
      } finally {
        this.trimming = undefined;
      }
    })());
  }

  /** Writes what is queued (waiting CLOSE_WAIT_MS at most), then stops; called before the workspace closes. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_WAIT_MS);
    });
    try {
      await Promise.race([this.flush(), waited]);
    } finally {
      clearTimeout(timer);
      this.closed = true;
      this.queue = [];
    }
  }

  private writeQueued(): void {
    if (this.writing || this.queue.length === 0) return;
    const batch = this.queue.splice(0, TRACES_PER_INSERT);
    const writing = this.insert(batch).finally(() => {
      this.writing = undefined;
      if (this.queue.length > 0) this.writeQueued();
      else if (this.writtenSinceTrim >= this.keptPerReplica) void this.trim();
    });
    this.writing = writing;
  }

  private async insert(batch: LiveTrace[]): Promise<void> {
    try {
      await this.pg.run(INSERT, [
        this.replica, batch.map((t) => t.requestId), batch.map((t) => t.time), batch.map((t) => t.environment),
        batch.map((t) => t.apiId), batch.map((t) => t.version), batch.map((t) => JSON.stringify(t.steps)),
      ]);
    } catch (error) {
      // Lost, not retried: the replica that kept them still answers them from memory.
      this.droppedTraces += batch.length;
      if (!this.failing) console.error(`[traces] PostgreSQL does not take traces (${messageOf(error)}); other replicas will not find the traces kept here until it does`);
      this.failing = true;
      return;
    }
    this.writtenSinceTrim += batch.length;
    if (this.failing) console.error(`[traces] PostgreSQL takes traces again (${this.droppedTraces} not shared in all)`);
    this.failing = false;
  }

  private drop(count: number): void {
    this.queue.splice(0, count);
    this.droppedTraces += count;
  }
}

function traceOf(row: TraceRow): LiveTrace {
  return { requestId: row.request_id, time: row.time, environment: row.environment, apiId: row.api_id, version: row.version, steps: JSON.parse(row.steps) as TraceStep[] };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
