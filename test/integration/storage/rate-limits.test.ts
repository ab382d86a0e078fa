import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { ANONYMOUS, FAILURES, type AuthResult } from '../../../server/auth/auth-result.js';
import { openAuth, type Auth } from '../../../server/auth/index.js';
import type { AuthInput } from '../../../server/auth/authenticate.js';
import { createRequestGuard, type GuardedRoute } from '../../../server/auth/guard.js';
import type { RateLimitCounters, RateLimitDecision, RateLimitInput } from '../../../server/auth/rate-limits.js';
import { rateLimitsFor } from '../../../server/auth/rate-limits/for-storage.js';
import { RATE_LIMIT_TABLE } from '../../../server/auth/rate-limits/postgres-table.js';
import { STORE_QUERY_TIMEOUT_MS, STORE_RETRY_AFTER_MS, type StoreEvents, type StoreUnavailableError } from '../../../server/auth/rate-limits/store-client.js';
import { closeStorage, openStorage, type Storage, type StorageEngine } from '../../../server/storage/storage.js';
import type { RateLimit } from '../../../shared/model/api.js';
import { freshDatabase, suitePostgresUrl, type TestDatabase } from '../../support/postgres.js';

const TEN_A_MINUTE: RateLimit = { requests: 10, perSeconds: 60 };
const apiCall = (apiLimit: RateLimit | null, extra: Partial<RateLimitInput> = {}): RateLimitInput => ({
  environment: 'prod', apiId: 'api_orders', apiLimit, tokenId: null, tokenLimit: null, ...extra,
});

/** Everything a test opened, closed after it whatever its outcome. */
const opened: { auths: Auth[]; storages: Storage[]; limits: RateLimitCounters[]; databases: TestDatabase[]; folders: string[] } = { auths: [], storages: [], limits: [], databases: [], folders: [] };
afterEach(async () => {
  for (const auth of opened.auths.splice(0)) await auth.close();
  for (const limits of opened.limits.splice(0)) limits.close();
  for (const storage of opened.storages.splice(0)) await closeStorage(storage).catch(() => undefined);
  for (const database of opened.databases.splice(0)) await database.drop();
  for (const folder of opened.folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function workspace(engine: StorageEngine, database?: TestDatabase): Promise<Storage> {
  let storage: Storage;
  if (engine === 'sqlite') {
    const folder = mkdtempSync(path.join(tmpdir(), 'flowgate-rate-limits-'));
    opened.folders.push(folder);
    storage = await openStorage({ dbFile: path.join(folder, 'workspace.db') });
  } else {
    const db = database ?? (await freshDatabase());
    if (!database) opened.databases.push(db);
    storage = await openStorage({ dbFile: 'unused.db', databaseUrl: db.url });
  }
  opened.storages.push(storage);
  return storage;
}

async function countersOn(storage: Storage, storeEvents: StoreEvents = {}): Promise<RateLimitCounters> {
  const limits = await rateLimitsFor(storage, { storeEvents });
  opened.limits.push(limits);
  return limits;
}

/** Two `flowgate serve` replicas' counters: each its own pool on one database. */
async function twoReplicas(storeEvents: StoreEvents = {}): Promise<{ database: TestDatabase; a: RateLimitCounters; b: RateLimitCounters; storages: Storage[] }> {
  const database = await freshDatabase();
  opened.databases.push(database);
  const storages = [await workspace('postgres', database), await workspace('postgres', database)];
  return { database, a: await countersOn(storages[0]!, storeEvents), b: await countersOn(storages[1]!, storeEvents), storages };
}

/** Counts the statements a replica's pool sends about the counters' table. */
function countCounterQueries(storage: Storage): { readonly count: number } {
  if (storage.engine !== 'postgres') throw new Error('only a PostgreSQL workspace sends queries');
  const pool = storage.pg.pool;
  const query = pool.query.bind(pool) as (config: pg.QueryConfig) => Promise<pg.QueryResult>;
  const seen = { count: 0 };
  (pool as unknown as { query: typeof query }).query = (config) => {
    if (typeof config === 'object' && config.text.includes(RATE_LIMIT_TABLE)) seen.count++;
    return query(config);
  };
  return seen;
}

/** Runs SQL as the suite's administrator (to refuse connections, or to hold a lock, like an outage or a slow database would). */
async function asAdmin<T>(url: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

const outcome = (decision: RateLimitDecision): 'ok' | 429 => (decision.ok ? 'ok' : 429);
const REQUIRED = { required: true, keyGroupIds: [], scopes: [] };
const OPEN = { required: false, keyGroupIds: [], scopes: [] };
const route = (rateLimit: RateLimit | null, auth = OPEN): GuardedRoute => ({ environment: 'prod', apiId: 'api_orders', definition: { auth, rateLimit } });
// The authenticator's real answers for a caller without a token: anonymous where none is required, 401 where one is.
const withoutToken = (input: AuthInput): AuthResult => (input.auth.required ? FAILURES.noToken : ANONYMOUS);

describe.each<StorageEngine>(['sqlite', 'postgres'])('rate limits on one replica (%s)', (engine) => {
  it('the same headers, then 429 with Retry-After on the sixth call of five a minute', async () => {
    const guard = createRequestGuard({ authenticate: withoutToken, rateLimits: await countersOn(await workspace(engine)) });
    const limited = route({ requests: 5, perSeconds: 60 });
    for (let call = 1; call <= 5; call++) {
      const result = await guard(limited, { headers: {} }, '192.0.2.1');
      expect(result).toEqual({
        ok: true, token: null, tokenId: null,
        headers: { 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': String(5 - call), 'x-ratelimit-reset': '60', 'ratelimit-policy': '5;w=60', ratelimit: `limit=5, remaining=${5 - call}, reset=60` },
      });
    }
    const sixth = await guard(limited, { headers: {} }, '192.0.2.1');
    expect(sixth).toMatchObject({ ok: false, status: 429, code: 'rate_limited', message: 'This API allows 5 requests per 60 s: try again in 60 s' });
    expect(sixth.headers).toEqual({
      'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '60', 'ratelimit-policy': '5;w=60', ratelimit: 'limit=5, remaining=0, reset=60', 'retry-after': '60',
    });
  });

  it('nothing limited is answered synchronously; a limit is synchronous only in process', async () => {
    const limits = await countersOn(await workspace(engine));
    expect(limits.consume(apiCall(null))).toEqual({ ok: true, headers: null });
    const limited = limits.consume(apiCall(TEN_A_MINUTE));
    expect(limited instanceof Promise).toBe(engine === 'postgres');
    expect(await limited).toMatchObject({ ok: true });
  });

  it("a token's limit counts only what the API's admitted, with the headers of whichever is closer to running out", async () => {
    const limits = await countersOn(await workspace(engine));
    const call = apiCall({ requests: 3, perSeconds: 60 }, { tokenId: 'tok_1', tokenLimit: { requests: 2, perSeconds: 10 } });
    expect((await limits.consume(call)).headers).toMatchObject({ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '1', 'ratelimit-policy': '3;w=60, 2;w=10' });
    expect(await limits.consume(call)).toMatchObject({ ok: true });
    expect(await limits.consume(call)).toMatchObject({ ok: false, limitedBy: 'token', retryAfterSeconds: 10 });
    expect(await limits.consume(call)).toMatchObject({ ok: false, limitedBy: 'api', retryAfterSeconds: 60 });
    // The token's other API: its own limit is still spent (three counted, one refused by the API before it).
    expect(await limits.consume({ ...call, apiId: 'api_other' })).toMatchObject({ ok: false, limitedBy: 'token' });
  });

  it('failed authentication: 20 a minute per credential and address, then 429 for that credential there only', async () => {
    const guard = createRequestGuard({ authenticate: withoutToken, rateLimits: await countersOn(await workspace(engine)) });
    const locked = route(null, REQUIRED);
    for (let attempt = 1; attempt <= 20; attempt++) expect(await guard(locked, { headers: {} }, '198.51.100.7')).toMatchObject({ status: 401, code: 'unauthorized' });
    const refused = await guard(locked, { headers: {} }, '198.51.100.7');
    expect(refused).toMatchObject({ status: 429, code: 'too_many_failed_attempts', message: 'Too many requests without a token from this address: try again in 60 s', headers: { 'retry-after': '60' } });
    expect(await guard(locked, { headers: {} }, '198.51.100.8')).toMatchObject({ status: 401 });
  });
});

describe('replicas sharing one PostgreSQL', () => {
  it('a 10-a-minute limit allows exactly 10 of 15 calls spread over two replicas', async () => {
    const { a, b } = await twoReplicas();
    const answers: ('ok' | 429)[] = [];
    for (let call = 0; call < 15; call++) answers.push(outcome(await (call % 2 === 0 ? a : b).consume(apiCall(TEN_A_MINUTE))));
    expect(answers).toEqual([...Array<'ok'>(10).fill('ok'), ...Array<429>(5).fill(429)]);
  });

  it('exactly 10 of 30 calls made at once on two replicas', async () => {
    const { a, b } = await twoReplicas();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, call) => (call % 2 === 0 ? a : b).consume(apiCall(TEN_A_MINUTE))));
    expect(answers.filter((answer) => answer.ok)).toHaveLength(10);
    expect(new Set(answers.filter((answer) => answer.ok).map((answer) => answer.headers?.['x-ratelimit-remaining']))).toEqual(new Set(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']));
  });

  it('failed authentications count across replicas: the 21st is refused wherever it lands, and each replica then locks the credential out', async () => {
    const { a, b } = await twoReplicas();
    for (let attempt = 0; attempt < 10; attempt++) {
      expect(await a.recordFailedAuth('198.51.100.7', 'Bearer stale.token')).toBe(0);
      expect(await b.recordFailedAuth('198.51.100.7', 'Bearer stale.token')).toBe(0);
    }
    expect(a.failedAuthRetryAfter('198.51.100.7', 'Bearer stale.token')).toBe(0);
    expect(await a.recordFailedAuth('198.51.100.7', 'Bearer stale.token')).toBe(60);
    expect(a.failedAuthRetryAfter('198.51.100.7', 'Bearer stale.token')).toBe(60);
    // Replica B learns of it on its own next failure of that credential there: refused, not counted as the first of 20.
    expect(await b.recordFailedAuth('198.51.100.7', 'Bearer stale.token')).toBe(60);
    expect(b.failedAuthRetryAfter('198.51.100.7', 'Bearer stale.token')).toBe(60);
    // Another credential from that address, and the same one from elsewhere, still have their own counts.
    expect(await b.recordFailedAuth('198.51.100.7', 'Bearer other.token')).toBe(0);
    expect(await a.recordFailedAuth('198.51.100.9', 'Bearer stale.token')).toBe(0);
  });

  it('a key over its limit stops reaching the database until its window ends', async () => {
    const { a, b, storages } = await twoReplicas();
    const [queriesOfA, queriesOfB] = storages.map(countCounterQueries);
    for (let call = 0; call < 10; call++) await (call < 5 ? a : b).consume(apiCall(TEN_A_MINUTE));
    expect([queriesOfA!.count, queriesOfB!.count]).toEqual([5, 5]);
    // B counted the tenth: it blocks the key at once; A's next count finds the limit spent and blocks it too.
    for (let call = 0; call < 100; call++) expect(await b.consume(apiCall(TEN_A_MINUTE))).toMatchObject({ ok: false, retryAfterSeconds: 60 });
    for (let call = 0; call < 100; call++) expect(await a.consume(apiCall(TEN_A_MINUTE))).toMatchObject({ ok: false, limitedBy: 'api' });
    expect([queriesOfA!.count, queriesOfB!.count]).toEqual([6, 5]);
    // Other keys still count in the database.
    expect(await a.consume(apiCall(TEN_A_MINUTE, { apiId: 'api_invoices' }))).toMatchObject({ ok: true });
    expect(queriesOfA!.count).toBe(7);
  });

  it('when the database goes away mid-run, each replica counts alone in memory: no call fails, the limit holds per replica', async () => {
    const failures: StoreUnavailableError[] = [];
    const { database, a, b } = await twoReplicas({ failed: (error) => failures.push(error) });
    for (let call = 0; call < 4; call++) expect(await (call % 2 === 0 ? a : b).consume(apiCall(TEN_A_MINUTE))).toMatchObject({ ok: true });
    await database.drop();

    for (const replica of [a, b]) {
      const answers: ('ok' | 429)[] = [];
      for (let call = 0; call < 15; call++) {
        const started = performance.now();
        answers.push(outcome(await replica.consume(apiCall(TEN_A_MINUTE))));
        expect(performance.now() - started).toBeLessThan(STORE_QUERY_TIMEOUT_MS + 100);
      }
      expect(answers).toEqual([...Array<'ok'>(10).fill('ok'), ...Array<429>(5).fill(429)]);
    }
    expect(await a.recordFailedAuth('198.51.100.7')).toBe(0);
    // Told once per replica, with a code a program can match.
    expect(failures.map((error) => error.code)).toEqual(['rate_limit_store_unavailable', 'rate_limit_store_unavailable']);
    expect(failures[0]!.message).toMatch(/^The shared rate-limit counters are unreachable; this replica counts on its own meanwhile: /);
  });

  it('an outage that ends: counts are shared again once the database answers', async () => {
    const told: string[] = [];
    const { database, a, b } = await twoReplicas({ failed: () => told.push('failed'), recovered: () => told.push('recovered') });
    const refuseConnections = (allow: boolean) =>
      asAdmin(suitePostgresUrl(), async (admin) => {
        await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(database.name)} ALLOW_CONNECTIONS ${allow}`);
        if (!allow) await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database.name]);
      });
    expect(await a.consume(apiCall(TEN_A_MINUTE))).toMatchObject({ ok: true });
    await refuseConnections(false);
    expect(await a.consume(apiCall(TEN_A_MINUTE))).toMatchObject({ ok: true, headers: { 'x-ratelimit-remaining': '9' } });
    await refuseConnections(true);
    await new Promise((resolve) => setTimeout(resolve, STORE_RETRY_AFTER_MS));
    // The database still holds the one count made before the outage: the next ones continue from it, on both replicas.
    expect((await a.consume(apiCall(TEN_A_MINUTE))).headers?.['x-ratelimit-remaining']).toBe('8');
    expect((await b.consume(apiCall(TEN_A_MINUTE))).headers?.['x-ratelimit-remaining']).toBe('7');
    const stored = await asAdmin(database.url, (admin) => admin.query<{ points: number }>(`SELECT points FROM ${RATE_LIMIT_TABLE}`));
    expect(stored.rows).toEqual([{ points: 3 }]);
    expect(told).toEqual(['failed', 'recovered']);
  });

  it('a database too slow to answer: the call is counted in memory after the deadline instead of waiting on it', async () => {
    const { database, a } = await twoReplicas();
    expect(await a.consume(apiCall(TEN_A_MINUTE))).toMatchObject({ ok: true });
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE ${RATE_LIMIT_TABLE} IN ACCESS EXCLUSIVE MODE`);
      const started = performance.now();
      expect(await a.consume(apiCall(TEN_A_MINUTE))).toMatchObject({ ok: true, headers: { 'x-ratelimit-remaining': '9' } });
      expect(performance.now() - started).toBeGreaterThanOrEqual(STORE_QUERY_TIMEOUT_MS - 5);
      expect(performance.now() - started).toBeLessThan(STORE_QUERY_TIMEOUT_MS + 250);
      // Meanwhile the next calls don't wait at all.
      const next = performance.now();
      expect(await a.consume(apiCall(TEN_A_MINUTE))).toMatchObject({ ok: true });
      expect(performance.now() - next).toBeLessThan(50);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
  });

  it("each replica's openAuth counts in the database: its guard admits 10 of 15 across both and locks out the 21st failure", async () => {
    const { storages } = await twoReplicas();
    const [a, b] = [await openAuth(storages[0]!), await openAuth(storages[1]!)];
    opened.auths.push(a, b);
    const limited = route(TEN_A_MINUTE);
    const statuses: (number | 'ok')[] = [];
    for (let call = 0; call < 15; call++) {
      const result = await (call % 2 === 0 ? a : b).guard(limited, { headers: {} }, '192.0.2.1');
      statuses.push(result.ok ? 'ok' : result.status);
    }
    expect(statuses).toEqual([...Array<'ok'>(10).fill('ok'), ...Array<number>(5).fill(429)]);

    const locked = route(null, REQUIRED);
    for (let attempt = 0; attempt < 20; attempt++) expect(await (attempt % 2 === 0 ? a : b).guard(locked, { headers: {} }, '198.51.100.7')).toMatchObject({ status: 401 });
    expect(await a.guard(locked, { headers: {} }, '198.51.100.7')).toMatchObject({ status: 429, code: 'too_many_failed_attempts', headers: { 'retry-after': '60' } });
    expect(await b.guard(locked, { headers: {} }, '198.51.100.7')).toMatchObject({ status: 429, code: 'too_many_failed_attempts' });
  });
});
