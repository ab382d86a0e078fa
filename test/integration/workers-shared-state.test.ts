import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../support/serve.js';
import { call, createToken, freshIp, publish, republish } from '../support/tokens.js';

const WORKERS = 2;
/** Sent at once, so the listener spreads them over both workers. */
const BURST = 20;

/** request → transform → respond, with an expression outside the compiled subset: the flow runs in a worker. */
const workerApi = (name: string, path: string, expression: string, extra: Record<string, unknown> = {}) => ({
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
  ...extra,
});

describe(`flowgate serve --workers ${WORKERS}: one listener, state shared by every worker`, () => {
  let server: Served;

  beforeAll(async () => {
    server = await serve({ args: ['--workers', String(WORKERS)] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('allows exactly 10 requests of a 10-per-minute limit, however they spread over the workers, and logs every one', async () => {
    const id = await publish(server, workerApi('Limited', '/limited', '$sum([1, 2])', { rateLimit: { requests: 10, perSeconds: 60 } }));
    const from = freshIp();
    const answers = await Promise.all(Array.from({ length: 15 }, () => call(`${server.runtimeUrl}/dev/limited`, { from })));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([...Array(10).fill(200), ...Array(5).fill(429)]);
    for (const answer of answers.filter((a) => a.status === 200)) expect(answer.json).toEqual({ value: 3 });
    const log = await server.admin('GET', `/logs?api=${id}&limit=100`);
    expect(log.status).toBe(200);
    expect((log.body as { status: number }[]).map((row) => row.status).sort()).toEqual(statuses);
  });

  it('refuses a revoked token on the very next request', async () => {
    await publish(server, workerApi('Guarded', '/guarded', '$sum([2, 2])', { auth: { required: true, keyGroupIds: [], scopes: [] } }));
    const issued = await createToken(server);
    const from = freshIp();
    const before = await Promise.all(Array.from({ length: BURST }, () => call(`${server.runtimeUrl}/dev/guarded`, { token: issued.token, from })));
    expect(new Set(before.map((answer) => answer.status))).toEqual(new Set([200]));
    expect((await server.admin('POST', `/tokens/${issued.id}/revoke`)).status).toBe(200);
    const after = await Promise.all(Array.from({ length: BURST }, () => call(`${server.runtimeUrl}/dev/guarded`, { token: issued.token, from })));
    expect(new Set(after.map((answer) => answer.status))).toEqual(new Set([401]));
  });

  it('serves a new version from every worker on the request after the publish', async () => {
    const versioned = (version: string) => workerApi('Versioned', '/versioned', `$join(["v", "${version}"])`);
    const id = await publish(server, versioned('1'));
    const first = await Promise.all(Array.from({ length: BURST }, () => call(`${server.runtimeUrl}/dev/versioned`)));
    expect(new Set(first.map((answer) => answer.json?.value))).toEqual(new Set(['v1']));
    await republish(server, id, versioned('2'));
    const second = await Promise.all(Array.from({ length: BURST }, () => call(`${server.runtimeUrl}/dev/versioned`)));
    expect(new Set(second.map((answer) => answer.json?.value))).toEqual(new Set(['v2']));
  });
});
