import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenInsert, createUser, echo, getUser } from '../fixtures/apis.js';
import { getJson, rawRequest } from '../support/http.js';
import { ENGINES, serveOn } from '../support/engines.js';
import type { Served } from '../support/serve.js';
import { edit } from '../support/revisions.js';

/** Publishes an API to dev and returns its id. */
async function publish(server: Served, definition: unknown, environment = 'dev'): Promise<string> {
  const created = await server.admin('POST', '/apis', definition);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const published = await server.admin('POST', `/apis/${created.body.id}/publish`, { environment });
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  return created.body.id as string;
}

const expectErrorShape = (body: any, code: string): void => {
  expect(body).toEqual({ error: { code, message: expect.any(String), requestId: expect.stringMatching(/^req_/) } });
};

describe.each(ENGINES)('published App APIs over HTTP (%s)', (engine) => {
  let server: Served;
  let slow: Server;
  let slowUrl: string;

  beforeAll(async () => {
    slow = createServer((req, res) => {
      const delay = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('ms') ?? 0);
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ slept: delay })), delay);
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
    // Long enough for every flow here on a loaded two-core machine, short enough for the deadline test to wait it out.
    server = await serveOn(engine, { env: { FLOWGATE_DEADLINE_MS: '2500' } });
    // The slow upstream is on this machine: dev may call it (outbound settings refuse loopback by default).
    expect((await edit(server, 'PUT', '/environments/dev', { outbound: { allowPrivate: true, allowHosts: [] } })).status).toBe(200);
    await publish(server, getUser());
    await publish(server, createUser());
  });
  afterAll(async () => {
    await server?.stop();
    slow?.close();
    slow?.closeAllConnections();
  });

  it('creates a record with POST and reads it back with GET', async () => {
    const created = await getJson(`${server.runtimeUrl}/dev/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', age: 36 }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Ada', email: 'ada@example.com', age: 36, createdBy: 'api', id: expect.any(String) });
    expect(created.headers.get('location')).toBe(`/dev/users/${created.body.id}`);
    expect(created.headers.get('x-request-id')).toMatch(/^req_/);

    const read = await getJson(`${server.runtimeUrl}/dev/users/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    // Read back with its fields in the order they were written, on either engine.
    expect(Object.keys(read.body)).toEqual(Object.keys(created.body));
  });

  it('answers the flow’s own 404 for a missing record, in the one error shape', async () => {
    const missing = await getJson(`${server.runtimeUrl}/dev/users/nobody`);
    expect(missing.status).toBe(404);
    expectErrorShape(missing.body, 'not_found');
    expect(missing.body.error.message).toBe('no user nobody');
    expect(missing.body.error.requestId).toBe(missing.headers.get('x-request-id'));
  });

  it('rejects a body that fails the API’s JSON Schema with 400 naming the field', async () => {
    const response = await getJson(`${server.runtimeUrl}/dev/users`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'No email' }),
    });
    expect(response.status).toBe(400);
    expectErrorShape({ error: { ...response.body.error, details: undefined } }, 'invalid_body');
    expect(response.body.error.message).toContain('email');
  });

  it('answers 400 for malformed JSON and 413 above 5 MB', async () => {
    const malformed = await rawRequest(`${server.runtimeUrl}/dev/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": ' });
    expect(malformed.status).toBe(400);
    expectErrorShape(malformed.json, 'malformed_json');

    const big = Buffer.alloc(5 * 1024 * 1024 + 10, 'a');
    const tooLarge = await rawRequest(`${server.runtimeUrl}/dev/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(tooLarge.status).toBe(413);
    expectErrorShape(tooLarge.json, 'payload_too_large');
    expect(tooLarge.headers['x-request-id']).toMatch(/^req_/);
  });

  it('answers 404 for unknown paths and environments, 405 with Allow for a known path', async () => {
    const unknownPath = await getJson(`${server.runtimeUrl}/dev/nothing-here`);
    expect(unknownPath.status).toBe(404);
    expectErrorShape(unknownPath.body, 'not_found');
    expect(unknownPath.headers.get('x-request-id')).toMatch(/^req_/);

    const notInProd = await getJson(`${server.runtimeUrl}/prod/users/1`);
    expect(notInProd.status).toBe(404);

    const wrongMethod = await getJson(`${server.runtimeUrl}/dev/users/1`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    expectErrorShape(wrongMethod.body, 'method_not_allowed');
  });

  it('passes path and query parameters, typed and defaulted as declared', async () => {
    await publish(server, echo('/orgs/:org/search', '{"org": request.params.org, "q": request.query.q, "limit": request.query.limit, "exact": request.query.exact}', {
      query: [
        { name: 'q', type: 'string', required: true },
        { name: 'limit', type: 'integer', default: 10 },
        { name: 'exact', type: 'boolean' },
      ],
    }));
    const ok = await getJson(`${server.runtimeUrl}/dev/orgs/acme/search?q=hello%20world&exact=true`);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ org: 'acme', q: 'hello world', limit: 10, exact: true });

    const typed = await getJson(`${server.runtimeUrl}/dev/orgs/acme/search?q=x&limit=25`);
    expect(typed.body.limit).toBe(25);

    const missing = await getJson(`${server.runtimeUrl}/dev/orgs/acme/search`);
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('invalid_query');
    expect(missing.body.error.message).toContain('"q" is required');

    const wrongType = await getJson(`${server.runtimeUrl}/dev/orgs/acme/search?q=x&limit=many`);
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.message).toContain('"limit" must be an integer');
  });

  it('redirects with 302 by default', async () => {
    await publish(server, {
      name: 'Go', method: 'GET', path: '/go/:where',
      flow: {
        nodes: [
          { id: 'r', type: 'request', key: 'request', config: {} },
          { id: 'x', type: 'redirect', key: 'away', config: { url: '"https://example.com/" & request.params.where' } },
        ],
        edges: [{ id: 'e', source: 'r', sourceHandle: 'out', target: 'x' }],
      },
    });
    const response = await getJson(`${server.runtimeUrl}/dev/go/docs`);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://example.com/docs');
  });

  it('answers 500 with a request id when a node fails, and keeps serving', async () => {
    await publish(server, brokenInsert('/broken', 'Broken insert'));
    const failed = await getJson(`${server.runtimeUrl}/dev/broken`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ list: [1, 2] }) });
    expect(failed.status).toBe(500);
    expectErrorShape(failed.body, 'node_failed');
    expect(failed.body.error.message).toContain('"save"');

    const next = await getJson(`${server.runtimeUrl}/dev/broken`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ list: { a: 1 } }) });
    expect(next.status).toBe(201);
    expect(next.body).toMatchObject({ a: 1, id: expect.any(String) });
  });

  it('answers 500 invalid_header when the flow answers a header HTTP cannot carry, and keeps serving', async () => {
    await publish(server, echo('/header', '"ok"', {
      flow: {
        nodes: [
          { id: 'r', type: 'request', key: 'request', config: {} },
          { id: 'o', type: 'respond', key: 'answer', config: { status: 200, body: '"ok"', headers: { 'x-echo': 'request.query.v' } } },
        ],
        edges: [{ id: 'e1', source: 'r', sourceHandle: 'out', target: 'o' }],
      },
    }));
    const broken = await getJson(`${server.runtimeUrl}/dev/header?v=${encodeURIComponent('a\r\nset-cookie: x=1')}`);
    expect(broken.status).toBe(500);
    expectErrorShape(broken.body, 'invalid_header');
    expect(broken.headers.get('set-cookie')).toBeNull();
    const fine = await getJson(`${server.runtimeUrl}/dev/header?v=plain`);
    expect(fine.status).toBe(200);
    expect(fine.headers.get('x-echo')).toBe('plain');
  });

  it('answers 504 when the flow passes its deadline', async () => {
    await publish(server, {
      name: 'Slow', method: 'GET', path: '/slow',
      flow: {
        nodes: [
          { id: 'r', type: 'request', key: 'request', config: {} },
          { id: 'h', type: 'http.request', key: 'call', config: { method: 'GET', url: `"${slowUrl}/?ms=8000"`, timeoutMs: 10000 } },
          { id: 'o', type: 'respond', key: 'ok', config: { status: 200, body: 'steps.call.body' } },
          { id: 'f', type: 'fail', key: 'down', config: { status: 502, code: 'upstream_down', message: '"down"' } },
        ],
        edges: [
          { id: 'e1', source: 'r', sourceHandle: 'out', target: 'h' },
          { id: 'e2', source: 'h', sourceHandle: 'ok', target: 'o' },
          { id: 'e3', source: 'h', sourceHandle: 'error', target: 'f' },
        ],
      },
    });
    const response = await getJson(`${server.runtimeUrl}/dev/slow`);
    expect(response.status).toBe(504);
    expectErrorShape(response.body, 'deadline_exceeded');
  });

  it('calls another service with http.request and answers from its reply', async () => {
    await publish(server, {
      name: 'Proxy', method: 'GET', path: '/proxy',
      flow: {
        nodes: [
          { id: 'r', type: 'request', key: 'request', config: {} },
          { id: 'h', type: 'http.request', key: 'call', config: { method: 'GET', url: `"${slowUrl}/?ms=5"` } },
          { id: 'o', type: 'respond', key: 'ok', config: { status: 200, body: '{"upstream": steps.call.status, "data": steps.call.body}' } },
          { id: 'f', type: 'fail', key: 'down', config: { status: 502, code: 'upstream_down', message: '"down"' } },
        ],
        edges: [
          { id: 'e1', source: 'r', sourceHandle: 'out', target: 'h' },
          { id: 'e2', source: 'h', sourceHandle: 'ok', target: 'o' },
          { id: 'e3', source: 'h', sourceHandle: 'error', target: 'f' },
        ],
      },
    });
    const response = await getJson(`${server.runtimeUrl}/dev/proxy`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ upstream: 200, data: { slept: 5 } });
  });

  it('never serves an API that requires authentication without a token', async () => {
    await publish(server, echo('/private', '"secret"', { auth: { required: true, keyGroupIds: [], scopes: [] } }));
    const response = await getJson(`${server.runtimeUrl}/dev/private`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="flowgate"');
    expectErrorShape(response.body, 'unauthorized');
  });

  it('refuses a token sent in the query string', async () => {
    const response = await getJson(`${server.runtimeUrl}/dev/users/1?access_token=abc`);
    expect(response.status).toBe(400);
    expectErrorShape(response.body, 'token_in_url');
  });

  it('logs every request with its status, environment and API', async () => {
    await getJson(`${server.runtimeUrl}/dev/users/logged-one`);
    const logs = await server.admin('GET', '/logs?status=404&limit=50');
    expect(logs.status).toBe(200);
    const row = logs.body.find((entry: any) => entry.path === '/dev/users/logged-one');
    expect(row).toMatchObject({ environment: 'dev', apiName: 'Get user', status: 404, method: 'GET', version: 1, ip: '127.0.0.1' });
  });
});
