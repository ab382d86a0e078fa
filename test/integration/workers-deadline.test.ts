import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, listen, type BuiltServer, type ListeningServer } from '../../server/app.js';
import { adminClient } from '../support/admin.js';
import { getJson } from '../support/http.js';
import { makeTempDir, removeTempDir } from '../support/temp.js';
import { testServerConfig } from '../support/test-server.js';
import { publish } from '../support/tokens.js';

/** Short, so a stuck flow reaches it quickly; long enough for every other request here. */
const DEADLINE_MS = 600;
const WORKERS = 2;
const POLL_EVERY_MS = 20;
/**
 * What DESIGN.md promises another API's caller while one flow is stuck: 250 ms. Asserted with room
 * for this shared, loaded machine: a listener that ran the stuck flow would stall for seconds.
 */
const NEIGHBOUR_WAIT_LIMIT_MS = 1_000;
/** The 504 comes from the listener's deadline sweep (every ≤100 ms); the rest is room for a loaded machine. */
const ANSWER_BY_MS = DEADLINE_MS + 1_500;
const POOL_BACK_WITHIN_MS = 20_000;

/**
 * One native call no evaluation hook can interrupt: replacing in a 10-million-character string takes
 * seconds inside a single JavaScript call, so only killing the worker running it ends it.
 */
const STUCK_EXPRESSION = '$replace($pad("", 9999999, "a"), "a", "b")';

const transformApi = (name: string, path: string, expression: string) => ({
  name, method: 'GET', path,
  flow: {
    nodes: [
      { id: 'r', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 't', type: 'transform', key: 'value', position: { x: 200, y: 0 }, config: { expression } },
      { id: 'o', type: 'respond', key: 'ok', position: { x: 400, y: 0 }, config: { status: 200, body: '{"value": steps.value}' } },
    ],
    edges: [
      { id: 'e1', source: 'r', sourceHandle: 'out', target: 't' },
      { id: 'e2', source: 't', sourceHandle: 'out', target: 'o' },
    ],
  },
});

type Timed = { status: number; code: string | undefined; ms: number };

async function timed(url: string, init: RequestInit = {}): Promise<Timed> {
  const started = performance.now();
  const answer = await getJson(url, init);
  return { status: answer.status, code: answer.body?.error?.code, ms: performance.now() - started };
}

/** Calls `url` every POLL_EVERY_MS (one at a time) until `stop` resolves; answers every call's outcome. */
async function pollUntil(stop: Promise<unknown>, url: string, init: RequestInit = {}): Promise<Timed[]> {
  let stopped = false;
  void stop.finally(() => (stopped = true));
  const seen: Timed[] = [];
  while (!stopped) {
    seen.push(await timed(url, init));
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
  }
  return seen;
}

async function poolBackToFullSize(built: BuiltServer, before: number[]): Promise<void> {
  const pool = built.services.flowPool;
  await expect
    .poll(() => {
      const status = pool.status();
      return status.size === WORKERS && status.ready === WORKERS && status.pids.some((pid) => !before.includes(pid));
    }, { timeout: POOL_BACK_WITHIN_MS, interval: 50 })
    .toBe(true);
}

describe('flow workers: a flow stuck past its deadline', () => {
  let dir: string;
  let built: BuiltServer;
  let server: ListeningServer;
  let adminKey: string;

  beforeAll(async () => {
    dir = makeTempDir();
    const config = testServerConfig(dir, { workers: WORKERS, deadlineMs: DEADLINE_MS, logLine: () => undefined });
    adminKey = config.adminKey;
    built = await buildServer(config);
    server = await listen(built, config);
    const withAdmin = { admin: adminClient(server.adminUrl, adminKey) };
    await publish(withAdmin, transformApi('Stuck', '/stuck', STUCK_EXPRESSION));
    await publish(withAdmin, transformApi('Ping', '/ping', '"pong"'));
    await publish(withAdmin, transformApi('Ping in a worker', '/ping-worker', '$sum([1, 2, 3])'));
  });
  afterAll(async () => {
    await built?.close();
    if (dir) removeTempDir(dir);
  });

  it('runs the stuck flow and the worker-bound ping in workers, the bounded ping on the listener', () => {
    const bounded = Object.fromEntries(built.services.runtime.table().routes.map((route) => [route.definition.path, route.bounded]));
    expect(bounded).toEqual({ '/stuck': false, '/ping': true, '/ping-worker': false });
  });

  it('answers 504 at the deadline, kills and replaces the stuck worker, while other APIs and the admin API keep answering', async () => {
    const before = built.services.flowPool.status().pids;
    const started = performance.now();
    const stuck = timed(`${server.runtimeUrl}/dev/stuck`);
    const settled = stuck.then(() => poolBackToFullSize(built, before));
    const [answer, neighbours, workerNeighbours, adminCalls] = await Promise.all([
      stuck.then((outcome) => ({ ...outcome, ms: performance.now() - started })),
      pollUntil(settled, `${server.runtimeUrl}/dev/ping`),
      pollUntil(settled, `${server.runtimeUrl}/dev/ping-worker`),
      pollUntil(settled, `${server.adminUrl}/admin/v1/apis`, { headers: { authorization: `Bearer ${adminKey}` } }),
      settled,
    ]);
    expect({ status: answer.status, code: answer.code }).toEqual({ status: 504, code: 'deadline_exceeded' });
    expect(answer.ms).toBeLessThan(ANSWER_BY_MS);

    for (const calls of [neighbours, workerNeighbours, adminCalls]) {
      expect(calls.length).toBeGreaterThan(0);
      expect(new Set(calls.map((call) => call.status))).toEqual(new Set([200]));
    }
    const longest = Math.max(...neighbours.map((call) => call.ms));
    console.log(`[workers-deadline] 504 after ${answer.ms.toFixed(0)} ms; longest wait of ${neighbours.length} pings: ${longest.toFixed(0)} ms`);
    expect(longest).toBeLessThan(NEIGHBOUR_WAIT_LIMIT_MS);
    expect(Math.max(...adminCalls.map((call) => call.ms))).toBeLessThan(NEIGHBOUR_WAIT_LIMIT_MS);
    expect(built.services.flowPool.status().restarts).toBeGreaterThanOrEqual(1);
  });

  it('leaves no request unanswered when calls were queued behind the stuck one on its worker', async () => {
    const before = built.services.flowPool.status().pids;
    const stuck = timed(`${server.runtimeUrl}/dev/stuck`);
    // Sent in the same turn: some land on the stuck worker behind it, some on the other one.
    const others = Array.from({ length: 12 }, () => timed(`${server.runtimeUrl}/dev/ping-worker`));
    const answers = await Promise.all([stuck, ...others]);
    expect(answers[0]).toMatchObject({ status: 504, code: 'deadline_exceeded' });
    const outcomes = answers.slice(1).map((other) => `${other.status} ${other.code ?? ''}`.trim());
    // Done on the healthy worker; or, queued behind the stuck call, answered at their own deadline or when its worker was killed: never left waiting.
    for (const outcome of outcomes) expect(['200', '504 deadline_exceeded', '503 worker_restarted']).toContain(outcome);
    expect(outcomes).toContain('200');
    for (const other of answers.slice(1)) expect(other.ms).toBeLessThan(ANSWER_BY_MS + 1_000);
    await poolBackToFullSize(built, before);
    expect((await timed(`${server.runtimeUrl}/dev/ping-worker`)).status).toBe(200);
  });
});
