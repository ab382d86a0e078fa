import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { edit } from '../support/revisions.js';

/** GET /<path>?url=… → http.request(url) → 200 with what came back, 502 when nothing did. */
const fetcher = (path: string, redirect: 'manual' | 'follow') => ({
  name: `Fetch ${path}`,
  method: 'GET',
  path,
  query: [{ name: 'url', type: 'string', required: true }],
  flow: {
    nodes: [
      { id: 'r', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 'h', type: 'http.request', key: 'call', position: { x: 200, y: 0 }, config: { method: 'GET', url: 'request.query.url', redirect, timeoutMs: 3000 } },
      { id: 'o', type: 'respond', key: 'ok', position: { x: 400, y: 0 }, config: { status: 200, body: '{"status": steps.call.status, "location": steps.call.headers.location, "body": steps.call.body}' } },
      { id: 'e', type: 'respond', key: 'unreachable', position: { x: 400, y: 100 }, config: { status: 502, body: 'steps.call' } },
    ],
    edges: [
      { id: 'e1', source: 'r', sourceHandle: 'out', target: 'h' },
      { id: 'e2', source: 'h', sourceHandle: 'ok', target: 'o' },
      { id: 'e3', source: 'h', sourceHandle: 'error', target: 'e' },
    ],
  },
});

describe('outbound calls from flows (finding 2: SSRF)', () => {
  let server: TestServer;
  let upstream: Server;
  let upstreamPort = 0;
  let adminPort = 0;
  let runtimePort = 0;
  const hits: string[] = [];

  /** Calls /fetch (or /fetch-follow) with the URL, keeping the trace; answers the status, body and the http.request step. */
  const fetchVia = async (url: string, path = '/fetch') => {
    const answer = await getJson(`${server.runtimeUrl}/dev${path}?url=${encodeURIComponent(url)}`, { headers: { 'x-flowgate-trace': '1' } });
    const trace = await server.admin('GET', `/logs/traces/${answer.headers.get('x-request-id')}`);
    const step = (trace.body?.steps ?? []).find((candidate: { key: string }) => candidate.key === 'call');
    return { status: answer.status, body: answer.body, step };
  };
  /** `hops`: requests the upstream may see before the refusal (a followed redirect's first hop); none by default. */
  const expectRefused = async (url: string, reason: RegExp, path = '/fetch', hops = 0): Promise<void> => {
    const before = hits.length;
    const { status, body, step } = await fetchVia(url, path);
    expect(status, JSON.stringify(body)).toBe(500);
    expect(body.error.code).toBe('node_failed');
    expect(step.error.code).toBe('outbound_refused');
    expect(step.error.message).toMatch(reason);
    expect(hits.length - before, `${url} reached the upstream`).toBe(hops);
  };
  const setOutbound = async (outbound: { allowPrivate: boolean; allowHosts: string[] }): Promise<void> => {
    expect((await edit(server, 'PUT', '/environments/dev', { outbound })).status).toBe(200);
  };

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/to-admin') return void res.writeHead(302, { location: `http://127.0.0.1:${adminPort}/admin/v1/session` }).end();
      if (req.url === '/to-self') return void res.writeHead(302, { location: '/landed' }).end();
      if (req.url === '/to-metadata') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url, host: req.headers.host }));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamPort = (upstream.address() as AddressInfo).port;
    server = await startTestServer();
    adminPort = Number(new URL(server.adminUrl).port);
    runtimePort = Number(new URL(server.runtimeUrl).port);
    for (const api of [fetcher('/fetch', 'manual'), fetcher('/fetch-follow', 'follow')]) {
      const created = await server.admin('POST', '/apis', api);
      expect((await server.admin('POST', `/apis/${created.body.id}/publish`, { environment: 'dev' })).status).toBe(200);
    }
  });
  afterAll(async () => {
    await server?.close();
    upstream?.closeAllConnections();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  describe('by default (public addresses only)', () => {
    it("refuses Flowgate's own admin listener and the editor page", async () => {
      await expectRefused(`http://127.0.0.1:${adminPort}/admin/v1/session`, /own admin listener/);
      await expectRefused(`http://localhost:${adminPort}/`, /own admin listener/);
    });

    it('refuses loopback in every spelling: decimal, octal, hex, short, IPv4-mapped IPv6, localhost', async () => {
      for (const host of ['2130706433', '0177.0.0.1', '0x7f000001', '127.1', '[::ffff:127.0.0.1]', '[::1]', 'localhost', 'LOCALHOST.']) {
        await expectRefused(`http://${host}:${upstreamPort}/`, /loopback address.*does not allow private networks/);
      }
    });

    it('refuses the cloud metadata address without sending anything, and unroutable ones', async () => {
      await expectRefused('http://169.254.169.254/latest/meta-data/', /cloud metadata address/);
      await expectRefused('http://[::ffff:a9fe:a9fe]/latest/meta-data/', /cloud metadata address/);
      await expectRefused(`http://0.0.0.0:${upstreamPort}/`, /unspecified address/);
      await expectRefused('http://224.0.0.1/', /multicast/);
      await expectRefused('http://10.1.2.3/', /private-network address/);
      await expectRefused('http://100.64.0.1/', /carrier-grade NAT/);
    });
  });

  describe('with private networks allowed for dev (a desktop user calling their own machine)', () => {
    beforeAll(() => setOutbound({ allowPrivate: true, allowHosts: [] }));

    it('reaches a service on this machine, in any spelling of its address', async () => {
      const plain = await fetchVia(`http://127.0.0.1:${upstreamPort}/hello`);
      expect(plain.body).toMatchObject({ status: 200, body: { path: '/hello', host: `127.0.0.1:${upstreamPort}` } });
      expect((await fetchVia(`http://2130706433:${upstreamPort}/decimal`)).body.body.path).toBe('/decimal');
    });

    it('still never reaches Flowgate itself, nor cloud metadata', async () => {
      await expectRefused(`http://127.0.0.1:${adminPort}/admin/v1/session`, /own admin listener/);
      await expectRefused(`http://127.0.0.1:${runtimePort}/dev/fetch?url=x`, /own runtime listener/);
      await expectRefused('http://169.254.169.254/latest/meta-data/', /cloud metadata address/);
    });

    it('does not follow a redirect unless the node asks; when it does, each hop is checked again', async () => {
      const manual = await fetchVia(`http://127.0.0.1:${upstreamPort}/to-admin`);
      expect(manual.body).toMatchObject({ status: 302, location: `http://127.0.0.1:${adminPort}/admin/v1/session` });
      await expectRefused(`http://127.0.0.1:${upstreamPort}/to-admin`, /own admin listener/, '/fetch-follow', 1);
      await expectRefused(`http://127.0.0.1:${upstreamPort}/to-metadata`, /cloud metadata address/, '/fetch-follow', 1);
      const followed = await fetchVia(`http://127.0.0.1:${upstreamPort}/to-self`, '/fetch-follow');
      expect(followed.body).toMatchObject({ status: 200, body: { path: '/landed' } });
    });
  });

  describe('with a host allowed by name', () => {
    beforeAll(() => setOutbound({ allowPrivate: false, allowHosts: ['localhost'] }));

    it('reaches that host wherever it resolves, and nothing else private', async () => {
      expect((await fetchVia(`http://localhost:${upstreamPort}/named`)).body).toMatchObject({ status: 200, body: { path: '/named' } });
      await expectRefused(`http://127.0.0.1:${upstreamPort}/`, /does not allow private networks/);
      await expectRefused(`http://localhost:${adminPort}/`, /own admin listener/);
    });
  });
});
