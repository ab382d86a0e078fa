import type { Storage } from '../storage/storage.js';
import type { NamedStatement } from '../storage/postgres.js';
import { RecordQueries } from '../workspace/record-queries.js';
import type { RecordPage, RecordPageQuery, RecordStore, StoredRecord } from '../workspace/record-store.js';
import { RequestRun } from '../runtime/deadlines.js';
import type { CancelCall, FlowExecutor } from '../runtime/pipeline.js';
import type { Route } from '../runtime/route-table.js';
import { errorReply } from './error-reply.js';
import { postgresListenerPages } from './inline-postgres-pages.js';
import type { FlowReply } from './protocol.js';
import { runCall } from './run-call.js';

/** The largest stored record a flow may read on the listener; a bigger one sends the request to a worker. */
export const INLINE_MAX_RECORD_BYTES = 64 * 1024;
/** The most records a page read on the listener may ask for; a bigger page goes to a worker. */
export const INLINE_MAX_PAGE_RECORDS = 100;
/** The most characters of JSON text a page read on the listener may hold in all; a bigger one goes to a worker. */
export const INLINE_MAX_PAGE_CHARACTERS = 256 * 1024;

/** Thrown where running on the listener would mean unbounded work (a big record): the call goes to a worker instead, from the start. */
export class MovedToWorker extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'MovedToWorker';
  }
}

/**
 * The record store as the listener's bounded flows see it: `get` reads the row's size first and
 * refuses (MovedToWorker) a record too big to parse here; `page` answers only a page of at most
 * INLINE_MAX_PAGE_RECORDS small records, on SQLite only one an index hands over in order, and
 * refuses any other. Nothing else is reached by a bounded plan.
 */
export function listenerRecords(storage: Storage, store: RecordStore): RecordStore {
  const sized = sizedRead(storage);
  const get = async (collection: string, id: string): Promise<StoredRecord | undefined> => {
    const row = await sized(collection, id);
    if (!row) return undefined;
    if (row.data === null) throw new MovedToWorker(`a record of ${row.bytes} bytes`);
    return JSON.parse(row.data) as StoredRecord;
  };
  const bounded = boundedPages(storage);
  const page = async (collection: string, query: RecordPageQuery): Promise<RecordPage> => {
    if (query.limit > INLINE_MAX_PAGE_RECORDS) throw new MovedToWorker(`a page of ${query.limit} records`);
    return bounded(collection, query);
  };
  return new Proxy(store, {
    get: (target, name) => {
      if (name === 'get') return get;
      if (name === 'page') return page;
      const value = Reflect.get(target, name, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

type SizedRow = { bytes: number; data: string | null };

/** The listener's record.get on PostgreSQL, prepared once per connection (parsed and planned there once, not per request). */
const SIZED_RECORD_READ: NamedStatement = {
  name: 'flowgate_sized_record_read',
  text: `WITH t AS (SELECT data::text AS text FROM records WHERE collection = $2 AND id = $3)
    SELECT octet_length(text) AS bytes, CASE WHEN octet_length(text) <= $1 THEN text END AS data FROM t`,
};

/** A record's stored size, and its text only when that is small enough to parse on the listener. */
function sizedRead(storage: Storage): (collection: string, id: string) => Promise<SizedRow | undefined> {
  if (storage.engine === 'sqlite') {
    // octet_length reads the stored size without loading the text (length() would count its characters).
    const statement = storage.db.prepare('SELECT octet_length(data) AS bytes, CASE WHEN octet_length(data) <= ? THEN data END AS data FROM records WHERE collection = ? AND id = ?');
    return async (collection, id) => statement.get(INLINE_MAX_RECORD_BYTES, collection, id) as SizedRow | undefined;
  }
  // The database writes the jsonb out as text once and measures it; the listener only parses a small one.
  const { pg } = storage;
  return (collection, id) => pg.one<SizedRow>(SIZED_RECORD_READ, [INLINE_MAX_RECORD_BYTES, collection, id]);
}

/**
 * A page read with its work bounded, or MovedToWorker. On SQLite (synchronous reads) only a page an
 * index hands over in order (record-queries.ts `boundedPage`); on PostgreSQL the database does the
 * reading asynchronously, so any page that fits the budget (inline-postgres-pages.ts).
 */
function boundedPages(storage: Storage): (collection: string, query: RecordPageQuery) => RecordPage | Promise<RecordPage> {
  const budget = { recordBytes: INLINE_MAX_RECORD_BYTES, pageCharacters: INLINE_MAX_PAGE_CHARACTERS };
  if (storage.engine === 'postgres') {
    const pages = postgresListenerPages(storage.pg, budget);
    return async (collection, query) => {
      const read = await pages(collection, query);
      if ('refused' in read) throw new MovedToWorker(`a query on "${collection}" that the listener does not read: ${read.refused}`);
      return read.page;
    };
  }
  const queries = new RecordQueries(storage.db);
  return (collection, query) => {
    const found = queries.boundedPage(collection, query, budget);
    if (!found) throw new MovedToWorker(`a query on "${collection}" that no index answers in order, a count, or a page over ${INLINE_MAX_PAGE_CHARACTERS} characters`);
    return found;
  };
}

const noop = (): void => undefined;

/**
 * Runs a published route's flow on the listener when its plan provably cannot run long (see
 * bounded-plan.ts), and everything else in the flow workers: measured, the hop to a worker costs
 * more listener time than such a flow does.
 */
export function boundedInline(toWorkers: FlowExecutor): FlowExecutor {
  return (call, route, done) => {
    if (!route.bounded || call.target.kind !== 'live') return toWorkers(call, route, done);
    const run = new RequestRun(call.requestId, call.deadline, noop);
    let cancelled = false;
    let inWorker: CancelCall | undefined;
    const elsewhere = (error: unknown): boolean => {
      if (!(error instanceof MovedToWorker)) return false;
      if (!cancelled) inWorker = toWorkers(call, route, done);
      return true;
    };
    let reply: FlowReply | Promise<FlowReply>;
    try {
      reply = runCall(servedRoute(route), call, run);
    } catch (error) {
      if (elsewhere(error)) return () => inWorker?.();
      throw error;
    }
    if (!(reply instanceof Promise)) {
      done(reply);
      return noop;
    }
    reply.then(
      (settled) => {
        if (!cancelled) done(settled);
      },
      (error: unknown) => {
        if (elsewhere(error) || cancelled) return;
        console.error(`[runtime] ${call.requestId}`, error);
        done(errorReply(call.requestId, 500, 'internal_error', 'The server failed to answer this request'));
      },
    );
    return () => {
      cancelled = true;
      run.expire();
      inWorker?.();
    };
  };
}

const served = new WeakMap<Route, Parameters<typeof runCall>[0]>();
function servedRoute(route: Route): Parameters<typeof runCall>[0] {
  let found = served.get(route);
  if (!found) {
    found = { definition: route.definition, env: route.env, compiled: route };
    served.set(route, found);
  }
  return found;
}
