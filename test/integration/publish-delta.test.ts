import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ServedChange, ServedTable, ToWorker } from '../../server/workers/protocol.js';
import { WorkerProcess } from '../../server/workers/worker-process.js';
import { getJson } from '../support/http.js';
import { edit } from '../support/revisions.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** Enough published APIs that a whole table and one API's change are told apart by their contents. */
const SEEDED_APIS = 60;
/** How long a replaced worker gets to start and answer. */
const REPLACED_WITHIN_MS = 30_000;

/** A flow that takes a body, so every call runs in a flow worker (the listener runs bodyless bounded plans itself). */
const workerApi = (n: number) => ({
  name: `Delta ${n}`,
  method: 'POST',
  path: `/delta/${n}`,
  flow: {
    nodes: [
      { id: 'r', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 'o', type: 'respond', key: 'answer', position: { x: 200, y: 0 }, config: { status: 200, body: `{"api": ${n}, "name": $uppercase(request.body.name)}` } },
    ],
    edges: [{ id: 'e1', source: 'r', sourceHandle: 'out', target: 'o' }],
  },
});

const workspaceFile = (count: number) => ({
  format: 'flowgate-workspace',
  version: 1,
  exportedAt: new Date().toISOString(),
  apis: Array.from({ length: count }, (_, n) => ({ ...workerApi(n), id: `delta-${n}`, versions: [{ version: 1, definition: workerApi(n) }], deployments: [{ environment: 'dev', version: 1 }] })),
});

describe('a publish sends the flow workers what changed', () => {
  let server: TestServer;
  /** The API the first test publishes after the import. */
  let published = '';
  const sent: ToWorker[] = [];
  const sendToWorker = WorkerProcess.prototype.send;
  // Every message the listener sends its workers, recorded on its way.
  const send = vi.spyOn(WorkerProcess.prototype, 'send').mockImplementation(function (this: WorkerProcess, message: ToWorker) {
    sent.push(message);
    return sendToWorker.call(this, message);
  });

  const call = (n: number) =>
    getJson(`${server.runtimeUrl}/dev/delta/${n}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"probe"}' });
  const tables = () => sent.filter((message): message is Extract<ToWorker, { kind: 'table' }> => message.kind === 'table').map((message) => message.table);
  const changes = () => sent.filter((message): message is Extract<ToWorker, { kind: 'change' }> => message.kind === 'change').map((message) => message.change);

  beforeAll(async () => {
    server = await startTestServer();
    expect((await server.admin('POST', '/workspace/import', { file: workspaceFile(SEEDED_APIS), onConflict: 'rename' })).status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
    send.mockRestore();
  });

  it('sends one API\u2019s route to the workers, not the table of every API', async () => {
    const id = (await server.admin('POST', '/apis', workerApi(SEEDED_APIS))).body.id as string;
    published = id;
    sent.length = 0;
    expect((await server.admin('POST', `/apis/${id}/publish`, { environment: 'dev' })).status).toBe(200);
    expect(tables()).toEqual([]);
    const [change, ...more] = changes();
    expect(more).toEqual([]);
    expect(change).toMatchObject<Partial<ServedChange>>({ apiId: id, routes: [{ environment: 'dev', version: 1 }], forget: [] });
    expect(change!.envs.map((env) => env.name)).toEqual(['dev']);
    expect((await call(SEEDED_APIS)).body).toEqual({ api: SEEDED_APIS, name: 'PROBE' });
    expect((await call(0)).body).toEqual({ api: 0, name: 'PROBE' });
  });

  it('sends a rollback and an unpublish as that API\u2019s routes only', async () => {
    const id = (await server.admin('POST', '/apis', workerApi(SEEDED_APIS + 1))).body.id as string;
    expect((await server.admin('POST', `/apis/${id}/publish`, { environment: 'dev' })).status).toBe(200);
    expect((await edit(server, 'PUT', `/apis/${id}`, { ...workerApi(SEEDED_APIS + 1), flow: workerApi(0).flow })).status).toBe(200);
    expect((await server.admin('POST', `/apis/${id}/publish`, { environment: 'dev' })).status).toBe(200);
    expect((await call(SEEDED_APIS + 1)).body).toEqual({ api: 0, name: 'PROBE' });
    sent.length = 0;
    expect((await server.admin('POST', `/apis/${id}/rollback`, { environment: 'dev', version: 1 })).status).toBe(200);
    expect((await call(SEEDED_APIS + 1)).body).toEqual({ api: SEEDED_APIS + 1, name: 'PROBE' });
    expect((await server.admin('POST', `/apis/${id}/unpublish`, { environment: 'dev' })).status).toBe(204);
    expect((await call(SEEDED_APIS + 1)).status).toBe(404);
    expect(tables()).toEqual([]);
    expect(changes().map((change) => ({ apiId: change.apiId, routes: change.routes }))).toEqual([
      { apiId: id, routes: [{ environment: 'dev', version: 1 }] },
      { apiId: id, routes: [] },
    ]);
  });

  it('re-envs an environment\u2019s routes without preparing on the listener the flows the workers run', async () => {
    const env = await server.admin('GET', '/environments/dev');
    expect((await edit(server, 'PUT', '/environments/dev', { vars: { ...env.body.vars, GREETING: 'hello' } })).status).toBe(200);
    const route = server.built.services.runtime.table().get('dev', published)!;
    expect(route.env.vars.GREETING).toBe('hello');
    // A body-taking flow runs in a worker: the listener's copy stays unprepared until something asks.
    expect(Object.getOwnPropertyDescriptor(route, 'flow')?.get).toBeTypeOf('function');
    expect(tables().at(-1)?.envs.find((each) => each.name === 'dev')?.vars.GREETING).toBe('hello');
    expect((await call(SEEDED_APIS)).body).toEqual({ api: SEEDED_APIS, name: 'PROBE' });
  });

  it('gives a worker started in place of a lost one the whole table, changes included', async () => {
    const pool = server.built.services.flowPool;
    const [pid] = pool.status().pids;
    sent.length = 0;
    process.kill(pid!, 'SIGKILL');
    await vi.waitFor(() => expect(pool.status().ready === pool.status().size && !pool.status().pids.includes(pid!)).toBe(true), { timeout: REPLACED_WITHIN_MS, interval: 50 });
    const [table] = tables() as [ServedTable];
    const live = new Set(table.live.map(({ apiId, version }) => `${apiId}@${version}`));
    // Every seeded API and the one published since the import; not the one unpublished.
    expect(live.size).toBe(SEEDED_APIS + 1);
    expect(live.has(`${published}@1`)).toBe(true);
    expect((await call(SEEDED_APIS)).body).toEqual({ api: SEEDED_APIS, name: 'PROBE' });
    expect((await call(SEEDED_APIS - 1)).body).toEqual({ api: SEEDED_APIS - 1, name: 'PROBE' });
  });
});
