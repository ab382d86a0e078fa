import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson } from '../support/http.js';
import { edit } from '../support/revisions.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { publish } from '../support/tokens.js';
import { BURST_MIN_401S } from '../../server/workspace/request-log.js';
import { sqliteDatabase } from '../../server/storage/storage.js';

/**
 * Draft runs write to their session's sandbox, never to what published APIs serve (issue 14, item 6):
 * real server, real flow workers, real HTTP.
 */
const SESSION = 'sbx_session_one_aaaaaaaa';
const OTHER_SESSION = 'sbx_session_two_bbbbbbbb';

const request = (id: string) => ({ id, type: 'request', key: 'request', config: {} });
const edge = (source: string, target: string, sourceHandle = 'out') => ({ id: `${source}-${sourceHandle}-${target}`, source, sourceHandle, target });

const createUser = {
  name: 'Create user', method: 'POST', path: '/users',
  flow: {
    nodes: [request('r'), { id: 'i', type: 'record.insert', key: 'created', config: { collection: 'users', document: 'request.body' } }, { id: 'o', type: 'respond', key: 'ok', config: { status: 201, body: 'steps.created' } }],
    edges: [edge('r', 'i'), edge('i', 'o')],
  },
};
const getUser = {
  name: 'Get user', method: 'GET', path: '/users/:id',
  flow: {
    nodes: [
      request('r'), { id: 'g', type: 'record.get', key: 'user', config: { collection: 'users', id: 'request.params.id' } },
      { id: 'o', type: 'respond', key: 'ok', config: { status: 200, body: 'steps.user' } },
      { id: 'f', type: 'fail', key: 'missing', config: { status: 404, code: 'not_found', message: "'no user ' & request.params.id" } },
    ],
    edges: [edge('r', 'g'), edge('g', 'o', 'found'), edge('g', 'f', 'missing')],
  },
};
const deleteUser = {
  name: 'Delete user', method: 'DELETE', path: '/users/:id',
  flow: {
    nodes: [request('r'), { id: 'd', type: 'record.delete', key: 'removed', config: { collection: 'users', id: 'request.params.id' } }, { id: 'o', type: 'respond', key: 'ok', config: { status: 200, body: 'steps.removed' } }],
    edges: [edge('r', 'd'), edge('d', 'o')],
  },
};
/** GET /users?limit&cursor: keyset pages by name, with the count. */
const listUsers = {
  name: 'List users', method: 'GET', path: '/users',
  flow: {
    nodes: [
      request('r'),
      { id: 'q', type: 'record.query', typeVersion: 2, key: 'page', config: { collection: 'users', filter: '{}', sort: 'name', limit: 'request.query.limit', cursor: 'request.query.cursor', count: true } },
      { id: 'o', type: 'respond', key: 'ok', config: { status: 200, body: '{"names": steps.page.items.name, "nextCursor": steps.page.nextCursor, "total": steps.page.total}' } },
    ],
    edges: [edge('r', 'q'), edge('q', 'o')],
  },
};
const callOut = (url: string) => ({
  name: 'Call out', method: 'GET', path: '/call',
  flow: {
    nodes: [
      request('r'), { id: 'h', type: 'http.request', key: 'upstream', config: { method: 'GET', url: JSON.stringify(url), timeoutMs: 5000 } },
      { id: 'o', type: 'respond', key: 'ok', config: { status: 200, body: 'steps.upstream.body' } },
      { id: 'f', type: 'fail', key: 'down', config: { status: 502, code: 'upstream_down', message: '"down"' } },
    ],
    edges: [edge('r', 'h'), edge('h', 'o', 'ok'), edge('h', 'f', 'error')],
  },
});

let server: TestServer;
let upstream: Server;
let upstreamHost: string;
const ids: Record<'create' | 'get' | 'delete' | 'list' | 'call', string> = { create: '', get: '', delete: '', list: '', call: '' };

type DraftRequest = { params?: Record<string, string>; query?: Record<string, string>; body?: unknown };

/** A Draft run of an API, in a session's sandbox (or none: a throwaway one). */
async function draft(api: keyof typeof ids, given: DraftRequest = {}, sandbox?: string) {
  const run = await server.admin('POST', `/apis/${ids[api]}/test-run`, { request: given, ...(sandbox ? { sandbox } : {}) });
  expect(run.status, JSON.stringify(run.body)).toBe(200);
  return run.body as { requestId: string; response: { status: number; body: any }; trace: any[]; sandbox: string | null; callsToAllow: string[] };
}

const live = (path: string, init: RequestInit = {}) => getJson(`${server.runtimeUrl}/dev${path}`, init);

beforeAll(async () => {
  upstream = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"from": "upstream"}'));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamHost = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  server = await startTestServer();
  // The upstream is on this machine: the dev environment may call it (its outbound policy refuses loopback by default).
  expect((await edit(server, 'PUT', '/environments/dev', { outbound: { allowPrivate: true, allowHosts: [] } })).status).toBe(200);
  ids.create = await publish(server, createUser);
  ids.get = await publish(server, getUser);
  ids.delete = await publish(server, deleteUser);
  ids.list = await publish(server, listUsers);
  ids.call = await publish(server, callOut(`http://${upstreamHost}/`));
  for (const user of [{ id: 'ada', name: 'Ada' }, { id: 'bob', name: 'Bob' }]) {
    expect((await live('/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) })).status).toBe(201);
  }
});
afterAll(async () => {
  await server?.close();
  upstream?.close();
});

describe('Draft runs in a sandbox', () => {
  it('a Draft POST is never served by the published GET, while the Draft’s own GET sees it', async () => {
    const created = await draft('create', { body: { id: 'cat', name: 'Cat' } }, SESSION);
    expect(created.response).toMatchObject({ status: 201, body: { id: 'cat', name: 'Cat' } });
    expect(created.sandbox).toBe(SESSION);

    expect((await live('/users/cat')).status).toBe(404);
    expect((await draft('get', { params: { id: 'cat' } }, SESSION)).response).toMatchObject({ status: 200, body: { name: 'Cat' } });
    expect((await draft('get', { params: { id: 'cat' } }, OTHER_SESSION)).response.status).toBe(404);
    expect((await draft('get', { params: { id: 'ada' } }, SESSION)).response.body).toEqual({ id: 'ada', name: 'Ada' });

    expect((await live('/users?limit=10')).body).toEqual({ names: ['Ada', 'Bob'], nextCursor: null, total: 2 });
    expect((await draft('list', { query: { limit: '10' } }, SESSION)).response.body).toEqual({ names: ['Ada', 'Bob', 'Cat'], nextCursor: null, total: 3 });
  });

  it('a Draft delete of a live record hides it in that Draft only, page after page', async () => {
    expect((await draft('delete', { params: { id: 'bob' } }, SESSION)).response.body).toEqual({ deleted: true });
    expect((await draft('get', { params: { id: 'bob' } }, SESSION)).response.status).toBe(404);
    expect((await live('/users/bob')).body).toEqual({ id: 'bob', name: 'Bob' });
    expect((await draft('get', { params: { id: 'bob' } }, OTHER_SESSION)).response.status).toBe(200);

    // One record a page: the Draft's cursors walk its own view (Ada, Cat), the published API's its own.
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { names: string[] | string; nextCursor: string | null; total: number } = (await draft('list', { query: { limit: '1', ...(cursor ? { cursor } : {}) } }, SESSION)).response.body;
      names.push(...[page.names].flat());
      expect(page.total).toBe(2);
      cursor = page.nextCursor;
    } while (cursor);
    expect(names).toEqual(['Ada', 'Cat']);
    expect((await live('/users?limit=10')).body.names).toEqual(['Ada', 'Bob']);
    expect((await server.admin('GET', `/sandboxes/${SESSION}`)).body).toMatchObject({ id: SESSION, changedRecords: 2, allowedHosts: [] });
  });

  it('"Reset Draft data" forgets the session’s writes: the Draft sees the live records again', async () => {
    const reset = await server.admin('POST', `/sandboxes/${SESSION}/reset`);
    expect(reset).toMatchObject({ status: 200, body: { id: SESSION, changedRecords: 0 } });
    expect((await draft('get', { params: { id: 'cat' } }, SESSION)).response.status).toBe(404);
    expect((await draft('get', { params: { id: 'bob' } }, SESSION)).response.status).toBe(200);
    expect((await draft('list', { query: { limit: '10' } }, SESSION)).response.body.names).toEqual(['Ada', 'Bob']);
  });

  it('a Draft run without a session writes to a throwaway sandbox, gone after the run', async () => {
    const created = await draft('create', { body: { id: 'dot', name: 'Dot' } });
    expect(created.response.status).toBe(201);
    expect(created.sandbox).toBeNull();
    expect((await draft('get', { params: { id: 'dot' } })).response.status).toBe(404);
    expect((await live('/users/dot')).status).toBe(404);
    const left = sqliteDatabase(server.built.services.storage).prepare("SELECT COUNT(*) AS n FROM sandboxes WHERE id LIKE 'sbx_run_%'").get() as { n: number };
    expect(left.n).toBe(0);
  });

  it('asks once per session before a Draft calls out: refused with a node error naming the host until allowed', async () => {
    expect((await live('/call')).body).toEqual({ from: 'upstream' });
    const refused = await draft('call', {}, SESSION);
    expect(refused.response).toMatchObject({ status: 500, body: { error: { code: 'node_failed' } } });
    expect(refused.trace.at(-1)).toMatchObject({ key: 'upstream', error: { code: 'draft_call_not_allowed', message: expect.stringContaining(`This draft calls ${upstreamHost}`) } });
    expect(refused.callsToAllow).toEqual([upstreamHost]);

    const allowed = await server.admin('POST', `/sandboxes/${SESSION}/allowed-hosts`, { host: upstreamHost });
    expect(allowed.body.allowedHosts).toEqual([upstreamHost]);
    expect((await draft('call', {}, SESSION)).response).toMatchObject({ status: 200, body: { from: 'upstream' } });
    expect((await draft('call', {}, OTHER_SESSION)).callsToAllow).toEqual([upstreamHost]);
    // A script names the hosts itself: there is no one to ask.
    const scripted = await server.admin('POST', `/apis/${ids.call}/test-run`, { allowHosts: [upstreamHost] });
    expect(scripted.body.response.status).toBe(200);
  });

  it('logs Draft runs in the request log, tagged draft, and filters by it', async () => {
    const run = await draft('get', { params: { id: 'ada' } }, SESSION);
    const drafts = await server.admin('GET', `/logs?source=draft&api=${ids.get}`);
    expect(drafts.body[0]).toMatchObject({ requestId: run.requestId, source: 'draft', apiId: ids.get, apiName: 'Get user', environment: 'dev', path: '/dev/users/ada', status: 200, version: null });
    expect(drafts.body.every((row: { source: string }) => row.source === 'draft')).toBe(true);
    const lives = await server.admin('GET', '/logs?source=live&limit=1000');
    expect(lives.body.length).toBeGreaterThan(0);
    expect(lives.body.every((row: { source: string }) => row.source === 'live')).toBe(true);
    expect(lives.body.map((row: { requestId: string }) => row.requestId)).not.toContain(run.requestId);
    expect((await server.admin('GET', '/logs?source=sometimes')).status).toBe(400);
  });

  it('does not count a builder trying bad tokens in Draft runs as a burst of 401s', async () => {
    const guarded = await server.admin('POST', '/apis', { ...getUser, name: 'Guarded user', path: '/guarded/:id', auth: { required: true, keyGroupIds: [], scopes: [] } });
    for (let attempt = 0; attempt < BURST_MIN_401S + 1; attempt++) {
      const run = await server.admin('POST', `/apis/${guarded.body.id}/test-run`, { token: 'not-a-token', request: { params: { id: 'ada' } } });
      expect(run.body.response.status).toBe(401);
    }
    const rows = (await server.admin('GET', `/logs?source=draft&api=${guarded.body.id}`)).body as { status: number; flags: string[] }[];
    expect(rows).toHaveLength(BURST_MIN_401S + 1);
    expect(rows.every((row) => row.status === 401 && row.flags.length === 0)).toBe(true);
    expect((await server.admin('GET', '/logs/flags')).body.authBursts).toEqual([]);
  });

  it('refuses a sandbox id that is not one, and answers 404 for a session that never ran a Draft', async () => {
    const bad = await server.admin('POST', `/apis/${ids.get}/test-run`, { sandbox: '../../etc', request: { params: { id: 'ada' } } });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid_input', message: expect.stringContaining('sandbox') } } });
    expect((await server.admin('GET', '/sandboxes/not-a-sandbox')).status).toBe(400);
    expect((await server.admin('GET', '/sandboxes/sbx_never_used_cccccccccc')).status).toBe(404);
    expect((await server.admin('POST', '/sandboxes/sbx_never_used_cccccccccc/allowed-hosts', { host: 'http://x/' })).status).toBe(400);
  });
});
