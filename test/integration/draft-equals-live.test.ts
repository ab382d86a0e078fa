import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenInsert, createUser } from '../fixtures/apis.js';
import { rawRequest } from '../support/http.js';
import { ENGINES, serveOn } from '../support/engines.js';
import type { Served } from '../support/serve.js';
import { edit } from '../support/revisions.js';
import { createToken, publish } from '../support/tokens.js';

/** The flows' deadline here: long enough for every other case, short enough to wait for a 504. */
const DEADLINE_MS = 400;
/** How long the slow upstream takes: past the deadline. */
const UPSTREAM_DELAY_MS = 2000;

/** One request as a client sends it to the published API, and as the tester describes it for a Draft run. */
type Case = {
  name: string;
  api: 'order' | 'user' | 'broken' | 'slow';
  params?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  token?: 'good' | 'garbage' | 'prod' | 'unscoped';
  body?: string;
};

/** What must be the same, Live and Draft: status, headers, and the body (its request id aside). */
type Comparable = { status: number; headers: Record<string, string>; body: unknown };

/** Headers of the connection, not of the answer: only a socket has them. */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
/** Checked on their own: the request id differs per request, and with it the body's length. */
const PER_REQUEST_HEADERS = new Set(['x-request-id', 'content-length']);

const order = {
  name: 'Get order', method: 'GET', path: '/orders/:id',
  auth: { required: true, keyGroupIds: [], scopes: ['orders:read'] },
  query: [{ name: 'limit', type: 'integer', default: 10 }, { name: 'open', type: 'boolean' }],
  flow: {
    nodes: [
      { id: 'r', type: 'request', key: 'request', config: {} },
      { id: 'o', type: 'respond', key: 'ok', config: { status: 200, body: '{"id": request.params.id, "limit": request.query.limit, "open": request.query.open, "by": token.name}', headers: { 'x-order': 'request.params.id' } } },
    ],
    edges: [{ id: 'e', source: 'r', sourceHandle: 'out', target: 'o' }],
  },
};

const slow = (upstream: string) => ({
  name: 'Slow', method: 'GET', path: '/slow',
  flow: {
    nodes: [
      { id: 'r', type: 'request', key: 'request', config: {} },
      { id: 'h', type: 'http.request', key: 'call', config: { method: 'GET', url: `"${upstream}"`, timeoutMs: 5000 } },
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

/** POST /signup with the schema of createUser, echoing the body with 201 and a Location. */
const signup = createUser({
  name: 'Sign up', path: '/signup',
  flow: {
    nodes: [
      { id: 'r', type: 'request', key: 'request', config: {} },
      { id: 'o', type: 'respond', key: 'created', config: { status: 201, body: '$merge([request.body, {"welcome": true}])', headers: { location: '"/dev/users/" & request.body.name' } } },
    ],
    edges: [{ id: 'e', source: 'r', sourceHandle: 'out', target: 'o' }],
  },
});

const PATHS: Record<Case['api'], string> = { order: '/orders/:id', user: '/signup', broken: '/broken', slow: '/slow' };
const METHODS: Record<Case['api'], string> = { order: 'GET', user: 'POST', broken: 'POST', slow: 'GET' };

describe.each(ENGINES)('a Draft run answers what the published API answers (%s)', (engine) => {
  let server: Served;
  let upstream: Server;
  const ids: Partial<Record<Case['api'], string>> = {};
  const tokens: Partial<Record<NonNullable<Case['token']>, string>> = { garbage: 'not.a-token.at-all' };

  beforeAll(async () => {
    upstream = createServer((_req, res) => setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), UPSTREAM_DELAY_MS));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    server = await serveOn(engine, { env: { FLOWGATE_DEADLINE_MS: String(DEADLINE_MS) } });
    // The upstream is on this machine: dev may call it (outbound settings refuse loopback by default).
    expect((await edit(server, 'PUT', '/environments/dev', { outbound: { allowPrivate: true, allowHosts: [] } })).status).toBe(200);
    ids.order = await publish(server, order);
    ids.user = await publish(server, signup);
    ids.broken = await publish(server, brokenInsert('/broken', 'Broken'));
    ids.slow = await publish(server, slow(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}/`));
    tokens.good = (await createToken(server, { name: 'orders-app', scopes: ['orders:read'] })).token;
    tokens.prod = (await createToken(server, { name: 'prod-app', environment: 'prod', scopes: ['orders:read'] })).token;
    tokens.unscoped = (await createToken(server, { name: 'no-scope-app' })).token;
  });
  afterAll(async () => {
    await server?.stop();
    upstream?.closeAllConnections();
    upstream?.close();
  });

  async function live(c: Case): Promise<Comparable & { requestId: unknown }> {
    const path = PATHS[c.api].replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(c.params?.[name] ?? ''));
    const search = new URLSearchParams(c.query).toString();
    const headers: Record<string, string> = { 'x-flowgate-trace': '1', ...c.headers };
    if (c.token) headers.authorization = `Bearer ${tokens[c.token]}`;
    const answer = await rawRequest(`${server.runtimeUrl}/dev${path}${search ? `?${search}` : ''}`, { method: METHODS[c.api], headers, ...(c.body === undefined ? {} : { body: c.body }) });
    const answered = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !TRANSPORT_HEADERS.has(name)).map(([name, value]) => [name, String(value)]));
    return comparable(answer.status, answered, answer.json ?? (answer.text || undefined));
  }

  async function draft(c: Case): Promise<Comparable & { requestId: unknown }> {
    const request = { params: c.params ?? {}, query: c.query ?? {}, headers: c.headers ?? {}, ...(c.body === undefined ? {} : { rawBody: c.body }) };
    // A Draft calls out only to hosts it was allowed (the tester asks once per session); the published API needs no leave.
    const allowHosts = c.api === 'slow' ? [`127.0.0.1:${(upstream.address() as AddressInfo).port}`] : [];
    const run = await server.admin('POST', `/apis/${ids[c.api]}/test-run`, { environment: 'dev', request, allowHosts, ...(c.token ? { token: tokens[c.token] } : {}) });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.response.headers['x-request-id']).toBe(run.body.requestId);
    return comparable(run.body.response.status, run.body.response.headers, run.body.response.body ?? undefined);
  }

  /** The answer with its request id taken out (checked to be the header's) so two answers can be compared whole. */
  function comparable(status: number, all: Record<string, string>, body: any): Comparable & { requestId: unknown } {
    const requestId = all['x-request-id'];
    expect(requestId).toMatch(/^req_/);
    if (body !== undefined) expect(Number(all['content-length'])).toBe(Buffer.byteLength(JSON.stringify(body)));
    if (body?.error) {
      expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'requestId', ...(body.error.details === undefined ? [] : ['details'])].sort());
      expect(body.error.requestId).toBe(requestId);
      body = { error: { ...body.error, requestId: 'same' } };
    }
    const headers = Object.fromEntries(Object.entries(all).filter(([name]) => !PER_REQUEST_HEADERS.has(name)));
    return { status, headers, body, requestId };
  }

  const cases: (Case & { status: number; code?: string })[] = [
    { name: 'a good request', api: 'order', params: { id: '42' }, query: { limit: '5', open: 'true' }, token: 'good', status: 200 },
    { name: 'no token', api: 'order', params: { id: '42' }, status: 401, code: 'unauthorized' },
    { name: 'a bad token', api: 'order', params: { id: '42' }, token: 'garbage', status: 401, code: 'invalid_token' },
    { name: 'a token of another environment', api: 'order', params: { id: '42' }, token: 'prod', status: 403, code: 'wrong_environment' },
    { name: 'a token without the scope', api: 'order', params: { id: '42' }, token: 'unscoped', status: 403, code: 'insufficient_scope' },
    { name: 'a token in the URL', api: 'order', params: { id: '42' }, query: { access_token: 'abc' }, token: 'good', status: 400, code: 'token_in_url' },
    { name: 'a query parameter of the wrong type', api: 'order', params: { id: '42' }, query: { limit: 'many' }, token: 'good', status: 400, code: 'invalid_query' },
    { name: 'a body that fails the schema', api: 'user', headers: { 'content-type': 'application/json' }, body: '{"name": "No email"}', status: 400, code: 'invalid_body' },
    { name: 'malformed JSON', api: 'user', headers: { 'content-type': 'application/json' }, body: '{"name": ', status: 400, code: 'malformed_json' },
    { name: 'a body that is not JSON', api: 'user', headers: { 'content-type': 'text/plain' }, body: 'name=Ada', status: 415, code: 'unsupported_media_type' },
    { name: 'a created record', api: 'user', headers: { 'content-type': 'application/json' }, body: '{"name": "Ada", "email": "ada@example.com"}', status: 201 },
    { name: 'a failing node', api: 'broken', headers: { 'content-type': 'application/json' }, body: '{"list": [1, 2]}', status: 500, code: 'node_failed' },
    { name: 'a flow past its deadline', api: 'slow', status: 504, code: 'deadline_exceeded' },
  ];

  for (const c of cases) {
    it(`${c.name}: ${c.status}${c.code ? ` ${c.code}` : ''}, alike`, async () => {
      const liveAnswer = await live(c);
      const draftAnswer = await draft(c);
      expect({ status: liveAnswer.status, code: (liveAnswer.body as any)?.error?.code }).toEqual({ status: c.status, code: c.code });
      const { requestId: _live, ...liveRest } = liveAnswer;
      const { requestId: _draft, ...draftRest } = draftAnswer;
      expect(draftRest).toEqual(liveRest);
    });
  }
});
