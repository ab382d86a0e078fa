import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeStorage, openStorage, type Storage, type StorageEngine } from '../../../server/storage/storage.js';
import { sql as requestLogSchema } from '../../../server/storage/postgres-migrations/004_request_log.js';
import { PostgresRequestLog } from '../../../server/workspace/postgres/request-log.js';
import { BURST_MIN_401S, SqliteRequestLog, requestLogFor, type LogRow, type RequestLog } from '../../../server/workspace/request-log.js';
import { freshDatabase, type TestDatabase } from '../../support/postgres.js';

/** The SQLite request_log as its migrations leave it (001 plus 008's source column). */
const SQLITE_REQUEST_LOG = `CREATE TABLE request_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL, time INTEGER NOT NULL, environment TEXT, api_id TEXT,
  version INTEGER, method TEXT NOT NULL, path TEXT NOT NULL, status INTEGER NOT NULL, latency_ms REAL NOT NULL, token_id TEXT,
  ip TEXT NOT NULL, request_bytes INTEGER NOT NULL, response_bytes INTEGER NOT NULL, error_code TEXT,
  source TEXT NOT NULL DEFAULT 'live' CHECK (source IN ('live', 'draft'))) STRICT`;
const START = Date.parse('2030-01-01T00:00:00Z');
/** A small cap for the test of a refusing database (the product keeps MAX_QUEUED_ROWS). */
const TEST_QUEUE_CAP = 300;

let counter = 0;
const row = (time: number, fields: Partial<LogRow> = {}): LogRow => ({
  requestId: `req_${counter++}`, time, environment: 'dev', apiId: 'api_a', version: 1, method: 'GET', path: '/dev/users', status: 200,
  latencyMs: 1.5, tokenId: null, ip: '10.0.0.1', requestBytes: 10, responseBytes: 20, errorCode: null, ...fields,
});

describe.each<StorageEngine>(['sqlite', 'postgres'])('the request log on %s', (engine) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A fresh workspace on this engine, closed and removed after the test. */
  async function workspace(): Promise<{ storage: Storage; url?: string }> {
    if (engine === 'sqlite') {
      const dir = mkdtempSync(path.join(tmpdir(), 'flowgate-log-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const storage = await openStorage({ dbFile: path.join(dir, 'ws.db') });
      cleanups.push(() => closeStorage(storage));
      return { storage };
    }
    const database: TestDatabase = await freshDatabase();
    cleanups.push(() => database.drop());
    const storage = await openStorage({ dbFile: '', databaseUrl: database.url }, { poolSize: 3 });
    cleanups.push(() => closeStorage(storage));
    return { storage, url: database.url };
  }

  function opened<T extends RequestLog>(log: T): T {
    cleanups.push(() => log.close());
    return log;
  }

  const logOf = (storage: Storage, options: { maxRows?: number; maxQueuedRows?: number } = {}): RequestLog =>
    opened(storage.engine === 'sqlite' ? new SqliteRequestLog(storage.db, options) : new PostgresRequestLog(storage.pg, options));

  async function run(storage: Storage, text: string): Promise<void> {
    if (storage.engine === 'sqlite') storage.db.exec(text);
    else await storage.pg.run(text);
  }

  it('writes rows in batches and reads them back newest first, filtered and limited', async () => {
    const { storage } = await workspace();
    const log = opened(requestLogFor(storage));
    const rows: LogRow[] = [];
    // More than a batch (500), across APIs, environments, tokens, statuses and sources.
    for (let index = 0; index < 1200; index++) {
      rows.push(row(START + index * 1000, {
        apiId: index % 3 === 0 ? 'api_b' : 'api_a', environment: index % 4 === 0 ? 'prod' : 'dev', tokenId: index % 5 === 0 ? 'tok_1' : null,
        status: index % 10 === 0 ? 404 : index % 25 === 0 ? 500 : 200, source: index % 7 === 0 ? 'draft' : 'live',
        ip: index % 2 === 0 ? '10.0.0.1' : '2001:db8::1', errorCode: index % 10 === 0 ? 'not_found' : null,
      }));
    }
    for (const entry of rows) log.record(entry);

    const newest = [...rows].reverse();
    const all = await log.query({ limit: 1000 });
    expect(all.map((entry) => entry.requestId)).toEqual(newest.slice(0, 1000).map((entry) => entry.requestId));
    expect(all[0]).toEqual({
      requestId: rows[1199]!.requestId, time: new Date(START + 1199_000).toISOString(), environment: 'dev', apiId: 'api_a', apiName: null,
      version: 1, method: 'GET', path: '/dev/users', status: 200, latencyMs: 1.5, tokenId: null, ip: '2001:db8::1', requestBytes: 10,
      responseBytes: 20, errorCode: null, source: 'live', flags: [],
    });
    const ids = (entries: { requestId: string }[]): string[] => entries.map((entry) => entry.requestId);
    const expected = (keep: (entry: LogRow) => boolean, limit = 1000): string[] => ids(newest.filter(keep).slice(0, limit));
    expect(ids(await log.query({ limit: 7 }))).toEqual(expected(() => true, 7));
    expect(ids(await log.query({ api: 'api_b', limit: 1000 }))).toEqual(expected((entry) => entry.apiId === 'api_b'));
    expect(ids(await log.query({ environment: 'prod', limit: 1000 }))).toEqual(expected((entry) => entry.environment === 'prod'));
    expect(ids(await log.query({ token: 'tok_1', limit: 50 }))).toEqual(expected((entry) => entry.tokenId === 'tok_1', 50));
    expect(ids(await log.query({ status: '404', limit: 1000 }))).toEqual(expected((entry) => entry.status === 404));
    expect(ids(await log.query({ status: '5xx', limit: 1000 }))).toEqual(expected((entry) => entry.status >= 500));
    expect(ids(await log.query({ source: 'draft', limit: 1000 }))).toEqual(expected((entry) => entry.source === 'draft'));
    const since = new Date(START + 1100_000).toISOString();
    expect(ids(await log.query({ since, status: '2xx', api: 'api_a', limit: 1000 }))).toEqual(
      expected((entry) => entry.time >= START + 1100_000 && entry.status === 200 && entry.apiId === 'api_a'),
    );
    expect(await log.query({ api: 'api_none', limit: 10 })).toEqual([]);
    expect(await log.health()).toEqual({ droppedRows: 0, lastDroppedAt: null, writing: 'ok', lastError: null });
  });

  it('counts requests per minute by status class, with latency percentiles', async () => {
    const { storage } = await workspace();
    const log = opened(requestLogFor(storage));
    const now = START + 10 * 60_000 + 30_000;
    for (let index = 0; index < 10; index++) log.record(row(START + 8 * 60_000 + index, { latencyMs: index + 1 }));
    log.record(row(START + 9 * 60_000, { status: 404 }));
    log.record(row(START + 9 * 60_000 + 1, { status: 503, apiId: 'api_b' }));
    log.record(row(START, { status: 500 })); // before the window
    const minutes = await log.metrics({ minutes: 3 }, now);
    expect(minutes.map((minute) => [minute.minute, minute.total, minute.byClass, minute.p50Ms, minute.p95Ms])).toEqual([
      [new Date(START + 8 * 60_000).toISOString(), 10, { '2xx': 10, '3xx': 0, '4xx': 0, '5xx': 0 }, 5, 10],
      [new Date(START + 9 * 60_000).toISOString(), 2, { '2xx': 0, '3xx': 0, '4xx': 1, '5xx': 1 }, 1.5, 1.5],
      [new Date(START + 10 * 60_000).toISOString(), 0, { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 }, null, null],
    ]);
    expect((await log.metrics({ minutes: 3, api: 'api_b' }, now))[1]!.byClass['5xx']).toBe(1);
  });

  it('flags bursts of 401s from one address, judged on every 401 around a row', async () => {
    const { storage } = await workspace();
    const log = opened(requestLogFor(storage));
    for (let index = 0; index < BURST_MIN_401S; index++) log.record(row(START + index * 5000, { status: 401, ip: '192.0.2.1', apiId: index % 2 ? 'api_a' : 'api_b' }));
    for (let index = 0; index < BURST_MIN_401S - 1; index++) log.record(row(START + index * 5000, { status: 401, ip: '192.0.2.2' }));
    // A builder's Draft runs never count as guessing.
    for (let index = 0; index < BURST_MIN_401S; index++) log.record(row(START + index * 5000, { status: 401, ip: '192.0.2.3', source: 'draft' }));
    const page = await log.query({ api: 'api_a', status: '401', limit: 100 });
    // The page holds half of 192.0.2.1's 401s (the others are another API's), which still count.
    expect(page).toHaveLength(BURST_MIN_401S / 2 + BURST_MIN_401S - 1 + BURST_MIN_401S);
    for (const entry of page) expect(entry.flags, entry.ip).toEqual(entry.ip === '192.0.2.1' ? ['auth_burst'] : []);
    const flagged = (await log.query({ status: '401', limit: 100 })).filter((entry) => entry.flags.includes('auth_burst'));
    expect(flagged).toHaveLength(BURST_MIN_401S);
    expect(new Set(flagged.map((entry) => entry.ip))).toEqual(new Set(['192.0.2.1']));
    const { authBursts, newIps } = await log.flags({ limit: 10, since: new Date(START).toISOString() }, START + 3600_000);
    expect(newIps).toEqual([]);
    expect(authBursts).toEqual([{
      ip: '192.0.2.1', count: BURST_MIN_401S, windowSeconds: 60, total: BURST_MIN_401S,
      firstAt: new Date(START).toISOString(), lastAt: new Date(START + (BURST_MIN_401S - 1) * 5000).toISOString(),
    }]);
  });

  it('flags a token’s first request from each address, and lists the sightings', async () => {
    const { storage } = await workspace();
    const log = opened(requestLogFor(storage));
    const at = (ms: number): string => new Date(START + ms).toISOString();
    const insert = async (text: string, params: unknown[]): Promise<void> => {
      // SQLite takes the values in the order the placeholders come, one per placeholder.
      if (storage.engine === 'sqlite') storage.db.prepare(text.replace(/\$\d+/g, '?')).run(...[...text.matchAll(/\$(\d+)/g)].map((match) => params[Number(match[1]) - 1]));
      else await storage.pg.run(text, params);
    };
    // A token as the auth store keeps it, and where it was seen first (stored when checked, just after the request began).
    await insert('INSERT INTO environments (name, created_at, updated_at) VALUES ($1, $2, $2)', ['dev', at(0)]);
    await insert("INSERT INTO signing_keys (kid, public_jwk, status, created_at) VALUES ($1, '{}', 'current', $2)", ['kid_1', at(0)]);
    await insert('INSERT INTO tokens (id, name, environment, fingerprint, kid, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)', [
      'tok_1', 'billing-service', 'dev', 'fp', 'kid_1', at(0),
    ]);
    await insert('INSERT INTO token_ips (token_id, ip, first_seen) VALUES ($1, $2, $3), ($1, $4, $5)', ['tok_1', '10.0.0.1', at(300), '10.0.0.2', at(60_300)]);
    log.record(row(START, { tokenId: 'tok_1', ip: '10.0.0.1', requestId: 'req_first' }));
    log.record(row(START + 1000, { tokenId: 'tok_1', ip: '10.0.0.1', requestId: 'req_again' }));
    log.record(row(START + 60_000, { tokenId: 'tok_1', ip: '10.0.0.2', requestId: 'req_moved' }));
    const flags = Object.fromEntries((await log.query({ token: 'tok_1', limit: 10 })).map((entry) => [entry.requestId, entry.flags]));
    expect(flags).toEqual({ req_first: ['new_ip'], req_again: [], req_moved: ['new_ip'] });
    const { newIps } = await log.flags({ limit: 10, since: at(0) }, START + 3600_000);
    expect(newIps).toEqual([
      { tokenId: 'tok_1', tokenName: 'billing-service', environment: 'dev', ip: '10.0.0.2', firstSeen: at(60_300), firstForToken: false },
      { tokenId: 'tok_1', tokenName: 'billing-service', environment: 'dev', ip: '10.0.0.1', firstSeen: at(300), firstForToken: true },
    ]);
  });

  it('keeps the newest rows once the table is over its bound', async () => {
    const { storage } = await workspace();
    const log = logOf(storage, { maxRows: 300 });
    for (let batch = 0; batch < 4; batch++) {
      for (let index = 0; index < 250; index++) log.record(row(START + batch * 250 + index));
      await log.flush();
    }
    const kept = await log.query({ limit: 1000 });
    expect(kept.length).toBeGreaterThanOrEqual(300);
    // Pruning goes a few rows at a time (twice those written), as on SQLite: never more than a batch over the bound.
    expect(kept.length).toBeLessThanOrEqual(300 + 250);
    expect(kept[0]!.time).toBe(new Date(START + 999).toISOString());
    expect(kept.at(-1)!.time >= new Date(START + 1000 - kept.length).toISOString()).toBe(true);
  });

  it('survives a database that refuses rows, says so once, and writes again when it takes them', async () => {
    const { storage } = await workspace();
    const log = logOf(storage, { maxQueuedRows: TEST_QUEUE_CAP });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    log.record(row(START));
    await log.flush();
    await run(storage, 'DROP TABLE request_log');
    for (let index = 1; index <= 2000; index++) log.record(row(START + index));
    const failing = await log.health();
    expect(failing).toMatchObject({ writing: 'failing' });
    expect(failing.lastError).toMatch(/request_log/);
    if (log instanceof PostgresRequestLog) {
      // PostgreSQL: the replica keeps rows to try again, at most the cap; the oldest beyond it are counted as dropped.
      expect(log.queuedRows).toBeLessThanOrEqual(TEST_QUEUE_CAP);
      expect(failing.droppedRows).toBeGreaterThanOrEqual(2000 - TEST_QUEUE_CAP);
    } else {
      // SQLite: the writer thread drops what the file will not take.
      expect(failing.droppedRows).toBe(2000);
    }
    for (let index = 0; index < 1000; index++) log.record(row(START + 3000 + index));
    await log.flush();
    expect((await log.health()).droppedRows).toBeGreaterThanOrEqual(2000 + 1000 - TEST_QUEUE_CAP);
    // Said once when refused and once when dropping began, not per row or per try (SQLite's writer thread says it on its own console).
    const said = errors.mock.calls.map((call) => String(call[0])).filter((line) => line.includes('[request-log]'));
    if (engine === 'postgres') expect(said).toHaveLength(2);

    await run(storage, engine === 'sqlite' ? SQLITE_REQUEST_LOG : requestLogSchema);
    log.record(row(START + 5000, { requestId: 'req_after' }));
    await expect.poll(async () => (await log.query({ limit: 1000 })).some((entry) => entry.requestId === 'req_after'), { timeout: 5000 }).toBe(true);
    expect(await log.health()).toMatchObject({ writing: 'ok', lastError: null });
    if (engine === 'postgres') expect(errors.mock.calls.map((call) => String(call[0])).filter((line) => line.includes('takes rows again'))).toHaveLength(1);
  });

  it.runIf(engine === 'postgres')('keeps recording at once and within its cap when the database is gone, and closes without hanging', async () => {
    const database = await freshDatabase();
    cleanups.push(() => database.drop());
    const storage = await openStorage({ dbFile: '', databaseUrl: database.url }, { poolSize: 2 });
    cleanups.push(() => closeStorage(storage));
    const log = logOf(storage, { maxQueuedRows: TEST_QUEUE_CAP });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    log.record(row(START));
    await log.flush();
    await database.drop();
    const started = performance.now();
    for (let index = 0; index < 5000; index++) log.record(row(START + index));
    const recordMs = performance.now() - started;
    // Recording is a push onto an array: no request waits on the database, up or down.
    expect(recordMs).toBeLessThan(500);
    await log.flush();
    expect((log as PostgresRequestLog).queuedRows).toBeLessThanOrEqual(TEST_QUEUE_CAP);
    const status = await log.health();
    expect(status.writing).toBe('failing');
    expect(status.droppedRows).toBeGreaterThanOrEqual(5000 - TEST_QUEUE_CAP);
    await expect(log.query({ limit: 10 })).rejects.toThrow(/does not exist/);
    const closing = performance.now();
    await log.close();
    expect(performance.now() - closing).toBeLessThan(6000);
    expect((await log.health()).droppedRows).toBe(5000);
  });

  it.runIf(engine === 'postgres')('merges two replicas writing at once into one log in time order', async () => {
    const { storage, url } = await workspace();
    const other = await openStorage({ dbFile: '', databaseUrl: url! }, { poolSize: 2 });
    cleanups.push(() => closeStorage(other));
    const a = opened(requestLogFor(storage));
    const b = opened(requestLogFor(other));
    // Interleaved in time; each replica's batches reach the table whenever its timer fires.
    for (let index = 0; index < 1500; index++) (index % 2 === 0 ? a : b).record(row(START + index, { requestId: `req_${index % 2 ? 'b' : 'a'}_${index}` }));
    await Promise.all([a.flush(), b.flush()]);
    for (const reader of [a, b]) {
      const rows = await reader.query({ limit: 1000 });
      expect(rows.map((entry) => Date.parse(entry.time))).toEqual(Array.from({ length: 1000 }, (_, index) => START + 1499 - index));
      expect(rows.filter((entry) => entry.requestId.startsWith('req_b_'))).toHaveLength(500);
    }
    expect((await a.metrics({ minutes: 1 }, START + 1500))[0]!.total).toBe(1500);
  });
});
