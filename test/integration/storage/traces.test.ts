import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeStorage, openStorage, type Storage, type StorageEngine } from '../../../server/storage/storage.js';
import { MAX_TRACE_OUTPUT_CHARS, MAX_TRACES, TraceStore, traceStoreFor, type LiveTrace, type SecretsOf } from '../../../server/runtime/traces.js';
import { PostgresTraces, type PostgresTracesOptions } from '../../../server/workspace/postgres/traces.js';
import type { TraceStep } from '../../../shared/model/runtime.js';
import { getJson } from '../../support/http.js';
import { freshDatabase, withDatabase } from '../../support/postgres.js';
import { edit } from '../../support/revisions.js';
import { inProcessReplicas, type InProcessReplica } from '../../support/in-process-replicas.js';
import { makeTempDir, removeTempDir } from '../../support/temp.js';

const SECRET = 'sk_live_9d2b7e41c0aa';
const secretsOf: SecretsOf = (environment) => (environment === 'dev' ? [SECRET] : []);

let counter = 0;
const step = (output: unknown, fields: Partial<TraceStep> = {}): TraceStep => ({ nodeId: 'n1', key: 'call', type: 'http', port: 'out', output, durationMs: 1.25, ...fields });
const trace = (steps: TraceStep[], fields: Partial<LiveTrace> = {}): LiveTrace => ({
  requestId: `req_test${counter++}`, time: new Date().toISOString(), environment: 'dev', apiId: 'api_a', version: 2, steps, ...fields,
});

/** A fresh workspace on the engine per test and the trace stores a server would build on it, all closed (and dropped) after the test. */
function traceFixtures(engine: StorageEngine): {
  workspace: () => Promise<Storage>;
  storeOn: (storage: Storage, options?: PostgresTracesOptions) => { store: TraceStore; shared: PostgresTraces | undefined };
} {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    workspace: async () => {
      if (engine === 'sqlite') {
        const dir = makeTempDir('flowgate-traces-');
        cleanups.push(() => removeTempDir(dir));
        const storage = await openStorage({ dbFile: `${dir}/ws.db` });
        cleanups.push(() => closeStorage(storage));
        return storage;
      }
      const database = await freshDatabase();
      cleanups.push(() => database.drop());
      const storage = await openStorage({ dbFile: '', databaseUrl: database.url });
      cleanups.push(() => closeStorage(storage));
      return storage;
    },
    // On PostgreSQL the shared side is at hand, to wait for its writes.
    storeOn: (storage, options = {}) => {
      if (storage.engine === 'sqlite') {
        const store = traceStoreFor(storage, secretsOf);
        cleanups.push(() => store.close());
        return { store, shared: undefined };
      }
      const shared = new PostgresTraces(storage.pg, options);
      const store = new TraceStore(secretsOf, shared);
      cleanups.push(() => store.close());
      return { store, shared };
    },
  };
}

describe.each<StorageEngine>(['sqlite', 'postgres'])('kept traces on %s', (engine) => {
  const { workspace, storeOn } = traceFixtures(engine);

  it('hides an environment secret in outputs, keys and error messages, in memory and in the shared table', async () => {
    const storage = await workspace();
    const { store, shared } = storeOn(storage);
    const kept = trace([
      step({ url: `https://api.example/?key=${SECRET}`, [SECRET]: 'as a key', nested: [{ auth: `Bearer ${SECRET}` }] }),
      step(null, { key: 'fail', port: null, error: { code: 'upstream_failed', message: `refused ${SECRET}` } }),
    ]);
    store.add(kept);
    await shared?.flush();

    const found = await store.get(kept.requestId);
    expect(JSON.stringify(found)).not.toContain(SECRET);
    expect(found?.steps[0]?.output).toEqual({ url: 'https://api.example/?key=[secret]', '[secret]': 'as a key', nested: [{ auth: 'Bearer [secret]' }] });
    expect(found?.steps[1]?.error).toEqual({ code: 'upstream_failed', message: 'refused [secret]' });
    expect(found).toMatchObject({ requestId: kept.requestId, environment: 'dev', apiId: 'api_a', version: 2 });

    if (storage.engine === 'postgres') {
      const rows = await storage.pg.all<{ text: string }>('SELECT t::text AS text FROM live_traces t');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.text).toContain('[secret]');
      expect(rows[0]!.text).not.toContain(SECRET);
      // Another replica reads the same redacted trace back from the table, every field as kept.
      const other = storeOn(storage).store;
      expect(await other.get(kept.requestId)).toEqual(found);
    }
  });

  it('keeps a step output over 64 KB as a note with a preview, on every replica', async () => {
    const storage = await workspace();
    const { store, shared } = storeOn(storage);
    const big = 'x'.repeat(MAX_TRACE_OUTPUT_CHARS + 10);
    const kept = trace([step({ body: big }), step({ small: true }, { key: 'answer' })]);
    store.add(kept);
    await shared?.flush();
    const readers = storage.engine === 'postgres' ? [store, storeOn(storage).store] : [store];
    for (const reader of readers) {
      const found = await reader.get(kept.requestId);
      const output = found?.steps[0]?.output as { truncated: boolean; note: string; preview: string };
      expect(output.truncated).toBe(true);
      expect(output.note).toBe(`output of ${MAX_TRACE_OUTPUT_CHARS + 21} characters, too large to keep in a trace`);
      expect(output.preview).toHaveLength(2000);
      expect(found?.steps[1]?.output).toEqual({ small: true });
    }
  });

  it(`keeps the newest ${MAX_TRACES} and answers nothing for a request it never kept`, async () => {
    const storage = await workspace();
    const { store, shared } = storeOn(storage, { maxQueued: MAX_TRACES + 5 });
    const all = Array.from({ length: MAX_TRACES + 5 }, () => trace([step({ n: 1 })]));
    for (const kept of all) store.add(kept);
    await shared?.flush();
    await shared?.trim();
    for (const gone of all.slice(0, 5)) expect(await store.get(gone.requestId)).toBeUndefined();
    for (const kept of [all[5]!, all.at(-1)!]) expect((await store.get(kept.requestId))?.requestId).toBe(kept.requestId);
    expect(await store.get('req_never_kept')).toBeUndefined();
    if (storage.engine === 'postgres') expect(await storage.pg.one('SELECT count(*)::int AS n FROM live_traces')).toEqual({ n: MAX_TRACES });
  });

});

describe('the shared traces table on PostgreSQL', () => {
  const { workspace, storeOn } = traceFixtures('postgres');

  it('trims each replica to its newest traces once it wrote as many again, and any replica’s older than the age kept', async () => {
    const storage = await workspace();
    if (storage.engine !== 'postgres') return;
    const a = storeOn(storage, { keptPerReplica: 3 });
    const b = storeOn(storage, { keptPerReplica: 3 });
    const ids = async (): Promise<string[]> => (await storage.pg.all<{ request_id: string }>('SELECT request_id FROM live_traces ORDER BY seq')).map((row) => row.request_id);
    const keep = (replica: TraceStore, count: number): LiveTrace[] => Array.from({ length: count }, () => {
      const kept = trace([step({ n: 5 })]);
      replica.add(kept);
      return kept;
    });
    const firstOfB = keep(b.store, 2);
    await b.shared!.flush();
    // A wrote 5, more than it keeps: it trims its own rows to the newest 3, and leaves B's alone.
    const ofA = keep(a.store, 5);
    await a.shared!.flush();
    expect(await ids()).toEqual([...firstOfB, ...ofA.slice(2)].map((kept) => kept.requestId));
    // B wrote 2 more (4 since its last trim): its newest 3 stay.
    const thenOfB = keep(b.store, 2);
    await b.shared!.flush();
    expect(await ids()).toEqual([firstOfB[1]!, ...ofA.slice(2), ...thenOfB].map((kept) => kept.requestId));

    // A replica that stopped trims nothing: the others drop its rows once they are older than the age kept.
    const ageing = storeOn(storage, { maxAgeMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await ageing.shared!.trim();
    expect(await ids()).toEqual([]);
  });

  it('queues a bounded number of traces for the table, and a failing database loses traces only', async () => {
    const storage = await workspace();
    if (storage.engine !== 'postgres') return;
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { store, shared } = storeOn(storage, { maxQueued: 10 });
    const burst = Array.from({ length: 14 }, () => trace([step({ n: 2 })]));
    for (const kept of burst) store.add(kept); // all at once: the writer starts on the next turn
    await shared!.flush();
    const written = await storage.pg.all<{ request_id: string }>('SELECT request_id FROM live_traces ORDER BY seq');
    expect(written.map((row) => row.request_id)).toEqual(burst.slice(4).map((kept) => kept.requestId));

    await storage.pg.run('DROP TABLE live_traces');
    const refused = trace([step({ n: 3 })]);
    expect(() => store.add(refused)).not.toThrow();
    await shared!.flush();
    expect((await store.get(refused.requestId))?.requestId).toBe(refused.requestId); // still served from this replica's memory
    store.add(trace([step({ n: 4 })]));
    await shared!.flush();
    const said = errors.mock.calls.map((args) => String(args[0])).filter((line) => line.includes('does not take traces'));
    expect(said).toHaveLength(1); // once, not per trace
    expect(said[0]).toContain('live_traces');
  });
});

/** request → respond with an environment secret and a plain variable: the trace's output holds both. */
const usesSecret = {
  name: 'Uses a secret',
  method: 'GET',
  path: '/uses-secret',
  flow: {
    nodes: [
      { id: 'r', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 'o', type: 'respond', key: 'answer', position: { x: 200, y: 0 }, config: { status: 200, body: '{"key": env.vars.upstreamKey, "plain": env.vars.region}' } },
    ],
    edges: [{ id: 'e1', source: 'r', sourceHandle: 'out', target: 'o' }],
  },
};

type Replica = InProcessReplica;

/**
 * Two in-process servers on one PostgreSQL workspace (the same keys, as replicas are started), each
 * with its own listeners: what a balancer in front of the runtime gives the editor's tester.
 */
describe('traces across two replicas on one PostgreSQL workspace', () => {
  const database = withDatabase('file');
  const cluster = inProcessReplicas(() => database.url);
  const replicas: Replica[] = [];

  beforeAll(async () => {
    replicas.push(await cluster.start());
    replicas.push(await cluster.start());
  });
  afterAll(() => cluster.stopAll());

  it('finds through replica A the trace of a request replica B served, with its secrets hidden', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const set = await edit(a, 'PUT', '/environments/dev', { vars: { region: 'eu-west' }, secrets: { upstreamKey: SECRET } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const created = await a.admin('POST', '/apis', usesSecret);
    expect((await a.admin('POST', `/apis/${created.body.id}/publish`, { environment: 'dev' })).status).toBe(200);
    // B serves it (and knows the secret) once the change feed brought it the publish and the environment.
    await expect.poll(async () => (await getJson(`${b.runtimeUrl}/dev/uses-secret`)).body, { timeout: 5_000 }).toEqual({ key: SECRET, plain: 'eu-west' });

    const answer = await getJson(`${b.runtimeUrl}/dev/uses-secret`, { headers: { 'x-flowgate-trace': '1' } });
    expect(answer.headers.get('x-flowgate-trace')).toBe('kept');
    const requestId = answer.headers.get('x-request-id')!;
    await expect.poll(async () => (await a.admin('GET', `/logs/traces/${requestId}`)).status, { timeout: 2_000 }).toBe(200);
    const onA = await a.admin('GET', `/logs/traces/${requestId}`);
    const onB = await b.admin('GET', `/logs/traces/${requestId}`);
    expect(onA.body).toEqual(onB.body);
    expect(onA.body).toMatchObject({ requestId, environment: 'dev', apiId: created.body.id, version: 1 });
    expect(onA.body.steps.map((kept: TraceStep) => kept.key)).toEqual(['request', 'answer']);
    const steps = JSON.stringify(onA.body.steps);
    expect(steps).toContain('[secret]');
    expect(steps).toContain('eu-west');
    expect(steps).not.toContain(SECRET);

    const table = a.built.services.storage;
    if (table.engine !== 'postgres') throw new Error('this test needs a PostgreSQL workspace');
    const rows = await table.pg.all<{ text: string }>('SELECT t::text AS text FROM live_traces t WHERE request_id = $1', [requestId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.text).not.toContain(SECRET);

    // An untraced request, or one never made, is 404 on both, as on one server.
    const plain = await getJson(`${b.runtimeUrl}/dev/uses-secret`);
    for (const replica of [a, b]) {
      const missing = await replica.admin('GET', `/logs/traces/${plain.headers.get('x-request-id')}`);
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('not_found');
    }
  });
});
