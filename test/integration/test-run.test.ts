import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenInsert, createUser, getUser } from '../fixtures/apis.js';
import { getJson } from '../support/http.js';
import { serve, type Served } from '../support/serve.js';
import { edit } from '../support/revisions.js';

describe('test-run: the draft, without publishing', () => {
  let server: Served;

  beforeAll(async () => {
    server = await serve();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers what the draft would, with a per-node trace', async () => {
    const api = await server.admin('POST', '/apis', getUser());
    const run = await server.admin('POST', `/apis/${api.body.id}/test-run`, { environment: 'dev', request: { params: { id: 'ghost' } } });
    expect(run.status).toBe(200);
    expect(run.body.response).toMatchObject({ status: 404, body: { error: { code: 'not_found', message: 'no user ghost' } } });
    expect(run.body.trace.map((step: any) => ({ key: step.key, type: step.type, port: step.port }))).toEqual([
      { key: 'request', type: 'request', port: 'out' },
      { key: 'user', type: 'record.get', port: 'missing' },
      { key: 'notFound', type: 'fail', port: null },
    ]);
    for (const step of run.body.trace) expect(step.durationMs).toBeGreaterThanOrEqual(0);
    expect(run.body.trace[0].output).toMatchObject({ method: 'GET', params: { id: 'ghost' } });
    // Nothing was published by the run.
    expect((await getJson(`${server.runtimeUrl}/dev/users/ghost`)).status).toBe(404);
    expect((await server.admin('GET', `/apis/${api.body.id}`)).body.deployments).toEqual([]);
  });

  it('runs an unsaved definition sent along, and checks the body like the runtime', async () => {
    const api = await server.admin('POST', '/apis', createUser());
    const invalid = await server.admin('POST', `/apis/${api.body.id}/test-run`, { request: { body: { name: 'No email' } } });
    expect(invalid.body.response.status).toBe(400);
    expect(invalid.body.response.body.error.code).toBe('invalid_body');
    expect(invalid.body.trace).toEqual([]);

    const changed = createUser();
    (changed.flow.nodes[2]!.config as { status: number }).status = 202;
    const run = await server.admin('POST', `/apis/${api.body.id}/test-run`, { definition: changed, request: { body: { name: 'Ada', email: 'a@b.c' } } });
    expect(run.body.response.status).toBe(202);
    expect(run.body.response.body).toMatchObject({ name: 'Ada', createdBy: 'api' });
  });

  it('answers a failing node as the runtime does, and shows the node with its message in the trace', async () => {
    const api = await server.admin('POST', '/apis', brokenInsert('/breaks', 'Breaks'));
    const run = await server.admin('POST', `/apis/${api.body.id}/test-run`, { request: { body: { list: [1] } } });
    expect(run.body.response.status).toBe(500);
    // The caller's error names the node and nothing of its internals; the builder sees those in the trace.
    expect(run.body.response.body).toEqual({ error: { code: 'node_failed', message: 'The flow failed at node "save"', requestId: run.body.requestId } });
    expect(run.body.trace.at(-1)).toMatchObject({ nodeId: 'i', key: 'save', error: { message: expect.any(String) } });
  });

  it('answers with the headers the runtime sends: request id, content type and length', async () => {
    const api = await server.admin('POST', '/apis', getUser({ path: '/people/:id' }));
    const run = await server.admin('POST', `/apis/${api.body.id}/test-run`, { request: { params: { id: 'nobody' } } });
    const text = JSON.stringify(run.body.response.body);
    expect(run.body.response.headers).toEqual({
      'x-request-id': run.body.requestId,
      'x-flowgate-trace': 'kept',
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
    });
  });

  it('does not count against the rate limits: trying a draft never uses up or locks out live clients', async () => {
    const limited = await server.admin('POST', '/apis', getUser({ name: 'Limited', path: '/limited/:id', rateLimit: { requests: 2, perSeconds: 60 } }));
    await server.admin('POST', `/apis/${limited.body.id}/publish`, { environment: 'dev' });
    for (let i = 0; i < 3; i++) {
      const run = await server.admin('POST', `/apis/${limited.body.id}/test-run`, { request: { params: { id: 'x' } } });
      expect(run.body.response.status).toBe(404);
      expect(run.body.response.headers['x-ratelimit-limit']).toBeUndefined();
    }
    const live = await getJson(`${server.runtimeUrl}/dev/limited/x`);
    expect(live.status).toBe(404);
    expect(live.headers.get('x-ratelimit-remaining')).toBe('1');

    const guarded = await server.admin('POST', '/apis', getUser({ name: 'Guarded', path: '/guarded/:id', auth: { required: true, keyGroupIds: [], scopes: [] } }));
    await server.admin('POST', `/apis/${guarded.body.id}/publish`, { environment: 'dev' });
    // More failed attempts than the lockout allows (20 a minute), all from the editor's address.
    for (let i = 0; i < 21; i++) {
      const run = await server.admin('POST', `/apis/${guarded.body.id}/test-run`, { token: 'not-a-token', request: { params: { id: 'x' } } });
      expect(run.body.response.body.error.code).toBe('invalid_token');
    }
    const afterDrafts = await getJson(`${server.runtimeUrl}/dev/guarded/x`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(afterDrafts.status).toBe(401);
  });

  it('refuses a draft with problems, listing them', async () => {
    const api = await server.admin('POST', '/apis', { name: 'Empty', method: 'GET', path: '/empty' });
    const run = await server.admin('POST', `/apis/${api.body.id}/test-run`, {});
    expect(run.status).toBe(422);
    expect(run.body.error.details).toContainEqual(expect.objectContaining({ code: 'unconnected_port' }));
  });
});

describe('shutdown', () => {
  let upstream: Server;
  let upstreamCalls = 0;
  beforeAll(async () => {
    upstream = createServer((_req, res) => {
      upstreamCalls++;
      setTimeout(() => res.end('{}'), 400);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => {
    upstream?.close();
  });

  it('finishes in-flight requests on SIGTERM, then exits cleanly', async () => {
    const server = await serve();
    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/`;
    // The upstream is on this machine: dev may call it (outbound settings refuse loopback by default).
    expect((await edit(server, 'PUT', '/environments/dev', { outbound: { allowPrivate: true, allowHosts: [] } })).status).toBe(200);
    const api = await server.admin('POST', '/apis', {
      name: 'Slow', method: 'GET', path: '/slow',
      flow: {
        nodes: [
          { id: 'r', type: 'request', key: 'request', config: {} },
          { id: 'h', type: 'http.request', key: 'wait', config: { url: `"${upstreamUrl}"` } },
          { id: 'o', type: 'respond', key: 'ok', config: { status: 200, body: '"done"' } },
          { id: 'f', type: 'fail', key: 'down', config: { status: 502, code: 'down', message: '"down"' } },
        ],
        edges: [
          { id: 'e1', source: 'r', sourceHandle: 'out', target: 'h' },
          { id: 'e2', source: 'h', sourceHandle: 'ok', target: 'o' },
          { id: 'e3', source: 'h', sourceHandle: 'error', target: 'f' },
        ],
      },
    });
    await server.admin('POST', `/apis/${api.body.id}/publish`, { environment: 'dev' });
    const inFlight = getJson(`${server.runtimeUrl}/dev/slow`);
    // In flight means the flow is waiting on its upstream call, however slowly the machine got it there.
    await expect.poll(() => upstreamCalls, { timeout: 10_000 }).toBe(1);
    const exit = server.stop('SIGTERM');
    expect((await inFlight).body).toBe('done');
    expect(await exit).toBe(0);
    expect(server.output()).toContain('SIGTERM: finishing in-flight requests');
  });
});

describe('test-run checks tokens as the published API would', () => {
  it('refuses without a token, admits the right one and gives the flow token.*', async () => {
    const server = await serve();
    try {
      const api = await server.admin('POST', '/apis', {
        name: 'Who am I', method: 'GET', path: '/me',
        auth: { required: true, keyGroupIds: [], scopes: ['me:read'] },
        flow: {
          nodes: [
            { id: 'r', type: 'request', key: 'request', config: {} },
            { id: 'o', type: 'respond', key: 'ok', config: { status: 200, body: '{"name": token.name, "tenant": token.vars.tenant}' } },
          ],
          edges: [{ id: 'e', source: 'r', sourceHandle: 'out', target: 'o' }],
        },
      });
      const refused = await server.admin('POST', `/apis/${api.body.id}/test-run`, {});
      expect(refused.body.response.status).toBe(401);
      expect(refused.body.response.headers['www-authenticate']).toBe('Bearer realm="flowgate"');
      expect(refused.body.trace).toEqual([]);

      const created = await server.admin('POST', '/tokens', { name: 'acme-app', environment: 'dev', scopes: ['me:read'], vars: { tenant: 'acme' } });
      const admitted = await server.admin('POST', `/apis/${api.body.id}/test-run`, { token: created.body.token });
      expect(admitted.body.response).toMatchObject({ status: 200, body: { name: 'acme-app', tenant: 'acme' } });

      const otherEnvironment = await server.admin('POST', `/apis/${api.body.id}/test-run`, { environment: 'prod', token: created.body.token });
      expect(otherEnvironment.body.response.status).toBe(403);
      expect(otherEnvironment.body.response.body.error.code).toBe('wrong_environment');
    } finally {
      await server.stop();
    }
  });
});
