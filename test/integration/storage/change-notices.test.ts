import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../../server/storage/changes.js';
import { CHANGES_CHANNEL, PostgresChangeFeed } from '../../../server/storage/postgres-changes.js';
import { createUser, echo } from '../../fixtures/apis.js';
import { rawRequest } from '../../support/http.js';
import { withDatabase } from '../../support/postgres.js';
import { edit } from '../../support/revisions.js';
import { inProcessReplicas, type InProcessReplica } from '../../support/in-process-replicas.js';
import { call, createToken, guarded, publish, republish } from '../../support/tokens.js';

type Replica = InProcessReplica & { replicaId: string; applied: Change[] };
type Notice = { origin: string | null; change: Change };

/** APIs in the import whose notices are counted: the size the brief of this change names. */
const IMPORTED_APIS = 1_000;
/** What one transaction sends at most before its one `workspace` notice (007_change_notices). */
const MOST_NOTICES_SENT = 16;
/** An import of 1,000 APIs commits in seconds; B then reloads everything. */
const IMPORT_TIMEOUT_MS = 60_000;

/**
 * Two in-process replicas on one PostgreSQL workspace, and a LISTEN connection of the test's own
 * that sees every notice the database sends: what is committed reaches the other replica although
 * nothing in the app announced it, and writes the app never announced send nothing.
 */
describe('change notices sent by PostgreSQL at commit', () => {
  const database = withDatabase('file');
  const cluster = inProcessReplicas(() => database.url);
  const replicas: Replica[] = [];
  let a: Replica;
  let b: Replica;
  /** Writes as a person in psql, or as a replica that crashed once its transaction committed: no announce follows. */
  let byHand: pg.Client;
  let listener: pg.Client;
  const notices: Notice[] = [];
  let marks = 0;

  async function replica(): Promise<Replica> {
    const started = await cluster.start();
    const feed = started.built.services.changes;
    if (!(feed instanceof PostgresChangeFeed)) throw new Error('a PostgreSQL workspace has a PostgresChangeFeed');
    const applied: Change[] = [];
    feed.subscribe((change) => void applied.push(change));
    return { ...started, replicaId: feed.replicaId, applied };
  }

  beforeAll(async () => {
    replicas.push(await replica());
    replicas.push(await replica());
    [a, b] = replicas as [Replica, Replica];
    byHand = new pg.Client({ connectionString: database.url });
    await byHand.connect();
    listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    listener.on('notification', (message) => {
      if (message.channel === CHANGES_CHANNEL && message.payload) notices.push(JSON.parse(message.payload) as Notice);
    });
    await listener.query(`LISTEN ${CHANGES_CHANNEL}`);
  });
  afterAll(async () => {
    await listener?.end();
    await byHand?.end();
    replicas.length = 0;
    await cluster.stopAll();
  });

  const markOf = (notice: Notice): number | undefined => (notice as Notice & { mark?: number }).mark;
  const isMark = (change: Change): boolean => change.kind === 'records';

  /**
   * Sends a mark by hand and waits until the test and both replicas have it: notices arrive, and are
   * applied, in commit order, so everything committed before it has been too. The mark is a
   * `records` change, which nothing follows yet.
   */
  async function settled(): Promise<number> {
    const mark = ++marks;
    await byHand.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, JSON.stringify({ origin: null, change: { kind: 'records' }, mark })]);
    await expect.poll(() => notices.some((notice) => markOf(notice) === mark), { timeout: IMPORT_TIMEOUT_MS }).toBe(true);
    await expect.poll(() => [a, b].map((each) => each.applied.filter(isMark).length), { timeout: IMPORT_TIMEOUT_MS }).toEqual([mark, mark]);
    return mark;
  }

  /** What `action` made the database send, and what each replica applied meanwhile: between two marks. */
  async function noticesOf(action: () => Promise<unknown>): Promise<{ sent: Notice[]; onA: Change[]; onB: Change[] }> {
    // What earlier writes sent (a publish the replicas already serve may still be on its way) lands before the window.
    await settled();
    const from = { sent: notices.length, onA: a.applied.length, onB: b.applied.length };
    await action();
    const mark = await settled();
    const beforeMark = (applied: Change[], start: number): Change[] => applied.slice(start, applied.findLastIndex(isMark));
    return { sent: notices.slice(from.sent, notices.findIndex((notice) => markOf(notice) === mark)), onA: beforeMark(a.applied, from.onA), onB: beforeMark(b.applied, from.onB) };
  }

  const body = async (url: string): Promise<unknown> => {
    const answer = await call(url);
    return answer.status === 200 ? answer.json : answer.status;
  };

  it('each announced write is sent once, from its writer, and applied once on each replica', async () => {
    let id = '';
    const created = await noticesOf(async () => {
      const answer = await a.admin('POST', '/apis', echo('/noticed', '{"v": 1}'));
      id = answer.body.id as string;
      // A draft saved serves nothing new: not announced, not sent.
      expect((await edit(a, 'PUT', `/apis/${id}`, echo('/noticed', '{"v": 2}'))).status).toBe(200);
    });
    expect(created).toEqual({ sent: [], onA: [], onB: [] });

    const api: Change = { kind: 'api', apiId: id };
    const writes: [string, () => Promise<unknown>, Change][] = [
      ['publish', () => a.admin('POST', `/apis/${id}/publish`, { environment: 'dev' }), api],
      ['example', () => a.admin('POST', `/apis/${id}/examples`, { name: 'one', response: { status: 200, body: { v: 2 } } }), api],
      ['environment', () => edit(a, 'PUT', '/environments/dev', { vars: { region: 'eu' } }), { kind: 'environment', name: 'dev' }],
      ['token', () => a.admin('POST', '/tokens', { name: 'noticed', environment: 'dev' }), { kind: 'access' }],
      ['key group', () => a.admin('POST', '/key-groups', { name: 'partners' }), { kind: 'access' }],
      ['signing key', () => a.admin('POST', '/signing-keys/rotate'), { kind: 'signing-keys' }],
      ['unpublish', () => a.admin('POST', `/apis/${id}/unpublish`, { environment: 'dev' }), api],
      ['delete', () => a.admin('DELETE', `/apis/${id}`), api],
    ];
    for (const [what, write, change] of writes) {
      const seen = await noticesOf(async () => {
        const answer = (await write()) as { status: number };
        expect(answer.status, what).toBeLessThan(300);
      });
      expect({ what, ...seen }).toEqual({ what, sent: [{ origin: a.replicaId, change }], onA: [change], onB: [change] });
    }
  });

  it('serves on B a deployment committed by a writer that never announced it (a replica crashed after its commit)', async () => {
    const id = await publish(a, echo('/crashed-writer', '{"v": 1}'));
    await republish(a, id, echo('/crashed-writer', '{"v": 2}'));
    await expect.poll(() => body(`${b.runtimeUrl}/dev/crashed-writer`)).toEqual({ v: 2 });

    // A rollback to v1, committed, and no app left to announce it: no origin, so both replicas apply it.
    const api: Change = { kind: 'api', apiId: id };
    const rolledBack = await noticesOf(() =>
      byHand.query(`UPDATE deployments SET version = 1, published_at = $2 WHERE api_id = $1 AND environment = 'dev'`, [id, new Date().toISOString()]),
    );
    expect(rolledBack).toEqual({ sent: [{ origin: null, change: api }], onA: [api], onB: [api] });
    await expect.poll(() => body(`${b.runtimeUrl}/dev/crashed-writer`)).toEqual({ v: 1 });
    await expect.poll(() => body(`${a.runtimeUrl}/dev/crashed-writer`)).toEqual({ v: 1 });
    // An unpublish the same way.
    await byHand.query(`DELETE FROM deployments WHERE api_id = $1`, [id]);
    await expect.poll(() => body(`${b.runtimeUrl}/dev/crashed-writer`)).toBe(404);
  });

  it('sends an environment deleted by hand, then the APIs whose deployments went with it (the app refuses to delete one in use)', async () => {
    expect((await a.admin('POST', '/environments', { name: 'short-lived' })).status).toBe(201);
    const id = await publish(a, echo('/cascaded', '{"here": true}'), 'short-lived');
    await expect.poll(() => body(`${b.runtimeUrl}/short-lived/cascaded`)).toEqual({ here: true });
    const deleted = await noticesOf(() => byHand.query(`DELETE FROM environments WHERE name = 'short-lived'`));
    const gone: Change = { kind: 'environment', name: 'short-lived' };
    const api: Change = { kind: 'api', apiId: id };
    // A cascade's statement triggers fire as the outer statement ends, at the same depth: its notices follow.
    expect(deleted).toEqual({ sent: [{ origin: null, change: gone }, { origin: null, change: api }], onA: [gone, api], onB: [gone, api] });
    await expect.poll(() => body(`${b.runtimeUrl}/short-lived/cascaded`)).toBe(404);
  });

  it('refuses on B a token whose revocation was committed by a writer that never announced it', async () => {
    await publish(a, guarded('/crash-guarded'));
    const issued = await createToken(a);
    await expect.poll(async () => (await call(`${b.runtimeUrl}/dev/crash-guarded`, { token: issued.token })).status).toBe(200);
    const now = new Date().toISOString();
    await byHand.query('BEGIN');
    await byHand.query('UPDATE tokens SET revoked_at = $1, updated_at = $1, revision = revision + 1 WHERE id = $2', [now, issued.id]);
    await byHand.query('COMMIT');
    await expect.poll(async () => (await call(`${b.runtimeUrl}/dev/crash-guarded`, { token: issued.token })).status).toBe(401);
  });

  it('sends nothing for usage, the request log, records, rate limits, traces, a key sealed at rest or a draft', async () => {
    const tokenApi = await publish(a, guarded('/quiet-guarded', { rateLimit: { requests: 1000, perSeconds: 60 } }));
    const recordApi = await publish(a, createUser({ path: '/quiet-people' }));
    const issued = await createToken(a);
    const addPerson = (on: Replica): Promise<{ status: number }> =>
      rawRequest(`${on.runtimeUrl}/dev/quiet-people`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ada', email: 'ada@example.com' }) });
    await expect.poll(async () => (await call(`${b.runtimeUrl}/dev/quiet-guarded`, { token: issued.token })).status).toBe(200);
    await expect.poll(async () => (await addPerson(b)).status).toBe(201);
    const people = async (): Promise<number> => (await byHand.query<{ n: number }>(`SELECT count(*)::int AS n FROM records WHERE collection = 'users'`)).rows[0]!.n;
    const peopleBefore = await people();
    await Promise.all([a, b].map((each) => Promise.all([each.built.services.auth.usage.flush(), each.built.services.requestLog.flush()])));

    const quiet = await noticesOf(async () => {
      for (const each of [a, b]) {
        const traced = await rawRequest(`${each.runtimeUrl}/dev/quiet-guarded`, { headers: { authorization: `Bearer ${issued.token}`, 'x-flowgate-trace': '1' } });
        expect(traced.status).toBe(200);
        expect((await addPerson(each)).status).toBe(201);
      }
      await Promise.all([a, b].map((each) => Promise.all([each.built.services.auth.usage.flush(), each.built.services.requestLog.flush()])));
      // The same columns by hand: a token's usage, a signing key sealed at rest, a draft saved.
      await byHand.query('UPDATE tokens SET use_count = use_count + 1, last_used_at = last_used_at, last_used_ip = last_used_ip WHERE id = $1', [issued.id]);
      await byHand.query('UPDATE signing_keys SET private_key = private_key, encrypted = encrypted');
      await byHand.query('UPDATE apis SET definition = definition, draft_hash = draft_hash, revision = revision + 1 WHERE id = $1', [recordApi]);
    });
    expect(quiet).toEqual({ sent: [], onA: [], onB: [] });
    // They were written: the usage flush, the log batch and the records are in the shared tables.
    const written = await byHand.query<{ uses: number; logged: number }>(
      `SELECT (SELECT use_count FROM tokens WHERE id = $1)::int AS uses, (SELECT count(*) FROM request_log WHERE api_id = ANY($2))::int AS logged`,
      [issued.id, [tokenApi, recordApi]],
    );
    expect(written.rows[0]!.uses).toBeGreaterThanOrEqual(4);
    expect(written.rows[0]!.logged).toBeGreaterThanOrEqual(5);
    expect(await people()).toBe(peopleBefore + 2);
  });

  it('sends nothing for a rolled-back transaction: a dry-run import, and a write by hand', async () => {
    const file = workspaceFile(3, 'dry-run');
    const rolledBack = await noticesOf(async () => {
      const plan = await a.admin('POST', '/workspace/import', { file, dryRun: true });
      expect(plan.body).toMatchObject({ dryRun: true, ok: true });
      await byHand.query('BEGIN');
      await byHand.query(`INSERT INTO environments (name, created_at, updated_at) VALUES ('never', '', '')`);
      await byHand.query('ROLLBACK');
    });
    expect(rolledBack).toEqual({ sent: [], onA: [], onB: [] });
  });

  it(`sends at most ${MOST_NOTICES_SENT} notices a transaction, then one "workspace"; a name too long for NOTIFY is sent as "workspace"`, async () => {
    const names = Array.from({ length: 40 }, (_, n) => `bound-${String(n).padStart(2, '0')}`);
    const many = await noticesOf(async () => {
      await byHand.query('BEGIN');
      for (const name of names) await byHand.query(`INSERT INTO environments (name, created_at, updated_at) VALUES ($1, '', '')`, [name]);
      await byHand.query('COMMIT');
    });
    const expected: Notice[] = [
      ...names.slice(0, MOST_NOTICES_SENT).map((name): Notice => ({ origin: null, change: { kind: 'environment', name } })),
      { origin: null, change: { kind: 'workspace' } },
    ];
    expect(many.sent).toEqual(expected);
    expect(many.onB).toEqual(expected.map((notice) => notice.change));

    const tooLong = 'x'.repeat(8_000);
    const long = await noticesOf(() => byHand.query(`INSERT INTO environments (name, created_at, updated_at) VALUES ($1, '', '')`, [tooLong]));
    expect(long.sent).toEqual([{ origin: null, change: { kind: 'workspace' } }]);
    await byHand.query('DELETE FROM environments WHERE name = $1 OR name = ANY($2)', [tooLong, names]);
  });

  it(`sends a bounded number of notices for an import of ${IMPORTED_APIS} APIs, the last one "workspace", and B serves them all`, async () => {
    const file = workspaceFile(IMPORTED_APIS, 'bulk');
    const started = performance.now();
    const imported = await noticesOf(async () => {
      const answer = await a.admin('POST', '/workspace/import', { file });
      expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBe(200);
    });
    const elapsedMs = performance.now() - started;
    expect(imported.sent.length).toBeLessThanOrEqual(MOST_NOTICES_SENT + 1);
    expect(imported.sent.at(-1)).toEqual({ origin: a.replicaId, change: { kind: 'workspace' } });
    expect(imported.sent.every((notice) => notice.origin === a.replicaId)).toBe(true);
    // The importer applied its own announce only; B what the database sent.
    expect(imported.onA).toEqual([{ kind: 'workspace' }]);
    expect(imported.onB).toEqual(imported.sent.map((notice) => notice.change));
    console.log(`[change-notices] import of ${IMPORTED_APIS} APIs: ${imported.sent.length} notices (${imported.sent.map((notice) => notice.change.kind).join(', ')}), ${Math.round(elapsedMs)} ms until both replicas applied them`);
    expect(await body(`${b.runtimeUrl}/dev/bulk-${IMPORTED_APIS - 1}`)).toEqual({ n: IMPORTED_APIS - 1 });
  }, IMPORT_TIMEOUT_MS * 2);
});

/** An export file of `count` published echo APIs at /<prefix>-<n>. */
function workspaceFile(count: number, prefix: string) {
  const apis = Array.from({ length: count }, (_, n) => {
    const definition = echo(`/${prefix}-${n}`, `{"n": ${n}}`, { name: `${prefix} ${n}` });
    return { ...definition, id: `${prefix}-${n}`, versions: [{ version: 1, definition }], deployments: [{ environment: 'dev', version: 1 }] };
  });
  return { format: 'flowgate-workspace', version: 1, exportedAt: new Date().toISOString(), apis };
}
