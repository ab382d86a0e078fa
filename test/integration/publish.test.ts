import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echo, getUser } from '../fixtures/apis.js';
import { getJson } from '../support/http.js';
import { ENGINES, startTestServerOn } from '../support/engines.js';
import type { TestServer } from '../support/test-server.js';
import { edit } from '../support/revisions.js';

/** A flow that waits on a slow upstream, so requests are in flight while we publish. */
const slowGreeting = (upstream: string, greeting: string) => ({
  name: 'Greeting', method: 'GET', path: '/greeting',
  flow: {
    nodes: [
      { id: 'r', type: 'request', key: 'request', config: {} },
      { id: 'h', type: 'http.request', key: 'wait', config: { method: 'GET', url: `"${upstream}"` } },
      { id: 'o', type: 'respond', key: 'ok', config: { status: 200, body: `{"greeting": "${greeting}"}` } },
      { id: 'f', type: 'fail', key: 'down', config: { status: 502, code: 'upstream_down', message: '"down"' } },
    ],
    edges: [
      { id: 'e1', source: 'r', sourceHandle: 'out', target: 'h' },
      { id: 'e2', source: 'h', sourceHandle: 'ok', target: 'o' },
      { id: 'e3', source: 'h', sourceHandle: 'error', target: 'f' },
    ],
  },
});

describe.each(ENGINES)('publishing, rollback and restart (%s)', (engine) => {
  let server: TestServer;
  let upstream: Server;
  let upstreamUrl: string;
  let upstreamCalls = 0;

  beforeAll(async () => {
    upstream = createServer((_req, res) => {
      upstreamCalls++;
      setTimeout(() => res.end('{}'), 300);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/`;
    server = await startTestServerOn(engine);
    // The slow upstream is on this machine: dev may call it (outbound settings refuse loopback by default).
    expect((await edit(server, 'PUT', '/environments/dev', { outbound: { allowPrivate: true, allowHosts: [] } })).status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
    upstream?.close();
  });

  it('swaps to version 2 while requests are in flight, and none fails', async () => {
    const created = await server.admin('POST', '/apis', slowGreeting(upstreamUrl, 'v1'));
    const id = created.body.id as string;
    expect((await server.admin('POST', `/apis/${id}/publish`, { environment: 'dev' })).body.version).toBe(1);

    upstreamCalls = 0;
    const inFlight = Array.from({ length: 40 }, () => getJson(`${server.runtimeUrl}/dev/greeting`));
    // Every one of them has reached its flow's http.request step before version 2 goes out.
    while (upstreamCalls < 40) await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await edit(server, 'PUT', `/apis/${id}`, slowGreeting(upstreamUrl, 'v2'))).status).toBe(200);
    const published = await server.admin('POST', `/apis/${id}/publish`, { environment: 'dev' });
    expect(published.body).toMatchObject({ environment: 'dev', version: 2 });
    const during = Array.from({ length: 20 }, () => getJson(`${server.runtimeUrl}/dev/greeting`));

    const answers = await Promise.all([...inFlight, ...during]);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(answers.slice(0, 40).every((a) => a.body.greeting === 'v1')).toBe(true);
    expect(answers.slice(40).every((a) => a.body.greeting === 'v2')).toBe(true);

    const versions = await server.admin('GET', `/apis/${id}/versions`);
    expect(versions.body.map((v: any) => v.version)).toEqual([2, 1]);
    expect(versions.body[0].environments).toEqual(['dev']);

    const rolledBack = await server.admin('POST', `/apis/${id}/rollback`, { environment: 'dev', version: 1 });
    expect(rolledBack.status).toBe(200);
    expect((await getJson(`${server.runtimeUrl}/dev/greeting`)).body).toEqual({ greeting: 'v1' });

    const api = await server.admin('GET', `/apis/${id}`);
    expect(api.body.deployments).toEqual([{ environment: 'dev', version: 1, publishedAt: expect.any(String), draftChanged: true }]);
  });

  it('publishes the same draft to prod without a new version, and reports it unchanged', async () => {
    const created = await server.admin('POST', '/apis', echo('/same', '"same"'));
    const id = created.body.id as string;
    await server.admin('POST', `/apis/${id}/publish`, { environment: 'dev' });
    const prod = await server.admin('POST', `/apis/${id}/publish`, { environment: 'prod' });
    expect(prod.body.version).toBe(1);
    const api = await server.admin('GET', `/apis/${id}`);
    expect(api.body.deployments.map((d: any) => [d.environment, d.version, d.draftChanged])).toEqual([['dev', 1, false], ['prod', 1, false]]);
    expect((await getJson(`${server.runtimeUrl}/prod/same`)).body).toBe('same');
  });

  it('refuses to publish a flow with problems, listing them', async () => {
    const created = await server.admin('POST', '/apis', { name: 'Unfinished', method: 'GET', path: '/unfinished' });
    expect(created.status).toBe(201);
    expect(created.body.flow.nodes).toHaveLength(1);
    const refused = await server.admin('POST', `/apis/${created.body.id}/publish`, { environment: 'dev' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('invalid_flow');
    expect(refused.body.error.details).toContainEqual(expect.objectContaining({ code: 'unconnected_port', port: 'out' }));
    expect((await getJson(`${server.runtimeUrl}/dev/unfinished`)).status).toBe(404);

    const validation = await server.admin('POST', `/apis/${created.body.id}/validate`);
    expect(validation.body.ok).toBe(false);
  });

  it('refuses a second API on the same method and path in one environment', async () => {
    const first = await server.admin('POST', '/apis', echo('/clash/:id', '1'));
    await server.admin('POST', `/apis/${first.body.id}/publish`, { environment: 'dev' });
    const second = await server.admin('POST', '/apis', echo('/clash/:name', '2', { name: 'Clash two' }));
    const refused = await server.admin('POST', `/apis/${second.body.id}/publish`, { environment: 'dev' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('route_conflict');
    expect((await getJson(`${server.runtimeUrl}/dev/clash/7`)).body).toBe(1);
    // Another environment is free.
    expect((await server.admin('POST', `/apis/${second.body.id}/publish`, { environment: 'prod' })).status).toBe(200);
  });

  it('takes an API off the runtime when it is deleted', async () => {
    const created = await server.admin('POST', '/apis', echo('/doomed', '"here"'));
    await server.admin('POST', `/apis/${created.body.id}/publish`, { environment: 'dev' });
    expect((await getJson(`${server.runtimeUrl}/dev/doomed`)).status).toBe(200);
    expect((await server.admin('DELETE', `/apis/${created.body.id}`)).status).toBe(204);
    expect((await getJson(`${server.runtimeUrl}/dev/doomed`)).status).toBe(404);
    expect((await server.admin('GET', `/apis/${created.body.id}`)).status).toBe(404);
  });

  it('gives flows their environment’s variables, changed without republishing', async () => {
    const created = await server.admin('POST', '/apis', echo('/whoami', '{"env": env.name, "region": env.vars.region}'));
    await server.admin('POST', `/apis/${created.body.id}/publish`, { environment: 'dev' });
    expect((await edit(server, 'PUT', '/environments/dev', { vars: { region: 'eu-west' } })).status).toBe(200);
    expect((await getJson(`${server.runtimeUrl}/dev/whoami`)).body).toEqual({ env: 'dev', region: 'eu-west' });

    const staging = await server.admin('POST', '/environments', { name: 'staging', vars: { region: 'us' } });
    expect(staging.status).toBe(201);
    await server.admin('POST', `/apis/${created.body.id}/publish`, { environment: 'staging' });
    expect((await getJson(`${server.runtimeUrl}/staging/whoami`)).body).toEqual({ env: 'staging', region: 'us' });

    const inUse = await server.admin('DELETE', '/environments/staging');
    expect(inUse.status).toBe(409);
    expect((await server.admin('POST', '/environments', { name: 'Bad Name' })).status).toBe(400);
  });

  it('keeps APIs, versions, deployments and records across a restart', async () => {
    const created = await server.admin('POST', '/apis', getUser());
    await server.admin('POST', `/apis/${created.body.id}/publish`, { environment: 'dev' });
    const insert = await server.admin('POST', '/apis', {
      name: 'Seed', method: 'POST', path: '/seed',
      flow: {
        nodes: [
          { id: 'r', type: 'request', key: 'request', config: {} },
          { id: 'i', type: 'record.insert', key: 'saved', config: { collection: 'users', document: '{"id": "u1", "name": "Grace"}' } },
          { id: 'o', type: 'respond', key: 'ok', config: { status: 201, body: 'steps.saved' } },
        ],
        edges: [
          { id: 'e1', source: 'r', sourceHandle: 'out', target: 'i' },
          { id: 'e2', source: 'i', sourceHandle: 'out', target: 'o' },
        ],
      },
    });
    await server.admin('POST', `/apis/${insert.body.id}/publish`, { environment: 'dev' });
    expect((await getJson(`${server.runtimeUrl}/dev/seed`, { method: 'POST' })).status).toBe(201);

    // Closed as on SIGTERM (drained, log flushed), then opened again on the same workspace.
    server = await server.restart();
    const read = await getJson(`${server.runtimeUrl}/dev/users/u1`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ id: 'u1', name: 'Grace' });
    expect((await getJson(`${server.runtimeUrl}/dev/greeting`)).body).toEqual({ greeting: 'v1' });
    const logs = await server.admin('GET', '/logs?limit=1000');
    expect(logs.body.some((row: any) => row.path === '/dev/seed' && row.status === 201)).toBe(true);
  });
});

describe.each(ENGINES)('live routes (%s)', (engine) => {
  it('lists exactly what the runtime serves, with version and auth', async () => {
    const server = await startTestServerOn(engine);
    try {
      const created = await server.admin('POST', '/apis', getUser({ auth: { required: true, keyGroupIds: [], scopes: ['users:read'] } }));
      await server.admin('POST', `/apis/${created.body.id}/publish`, { environment: 'dev' });
      const routes = await server.admin('GET', '/routes');
      expect(routes.status).toBe(200);
      expect(routes.body).toEqual([
        {
          method: 'GET', url: `${server.runtimeUrl}/dev/users/:id`, environment: 'dev', apiId: created.body.id, name: 'Get user',
          path: '/users/:id', version: 1, auth: { required: true, keyGroupIds: [], scopes: ['users:read'] }, rateLimit: null,
        },
      ]);
    } finally {
      await server.close();
    }
  });
});
