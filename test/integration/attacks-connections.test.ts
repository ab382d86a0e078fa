import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { echo } from '../fixtures/apis.js';
import { getJson, rawRequest } from '../support/http.js';
import { ATTACK_DEADLINE_MS, chain, GRACE_MS, publish, startAttackServer, whilePolling, type AttackServer } from './attacks-server.js';

/** Short limits so the test waits seconds, not the defaults' 10 and 30. */
const HEADERS_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 10_000;
const MAX_CONNECTIONS = 40;
/** Node looks at the timeouts every tenth of the headers timeout; the rest is a loaded machine's slack. */
const CLOSE_SLACK_MS = 3_000;
const HALF_REQUESTS = 200;

type OpenSocket = { socket: Socket; closed: Promise<{ afterMs: number; received: string }> };

/** Opens a raw connection to the runtime and writes `text` (nothing when empty); `closed` resolves when the server closes it. */
function openSocket(url: string, text = ''): Promise<OpenSocket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let received = '';
    const socket = connect(Number(port), hostname);
    const closed = new Promise<{ afterMs: number; received: string }>((settle) => {
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      socket.on('close', () => settle({ afterMs: performance.now() - started, received }));
    });
    socket.on('error', () => undefined); // a reset is one way of being closed
    socket.once('connect', () => {
      if (text) socket.write(text);
      resolve({ socket, closed });
    });
    socket.once('error', reject);
  });
}

describe('attacks with half-sent requests', () => {
  let server: AttackServer;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    server = await startAttackServer({ connectionLimits: { headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS } });
    await publish(server.admin, echo('/ping', '"pong"'));
  });
  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await server?.close();
  });

  it(`closes ${HALF_REQUESTS} connections that send half a request line, and keeps serving meanwhile`, async () => {
    const { result: closes, allOk, polls } = await whilePolling(`${server.runtimeUrl}/dev/ping`, async () => {
      const opened = await Promise.all(Array.from({ length: HALF_REQUESTS }, () => openSocket(server.runtimeUrl, 'GET /dev/pi')));
      sockets.push(...opened.map((open) => open.socket));
      return Promise.all(opened.map((open) => open.closed));
    });
    expect(closes).toHaveLength(HALF_REQUESTS);
    for (const close of closes) {
      expect(close.afterMs).toBeLessThan(HEADERS_TIMEOUT_MS + CLOSE_SLACK_MS);
      expect(close.received).toMatch(/^HTTP\/1\.1 408/);
    }
    expect(polls).toBeGreaterThan(HEADERS_TIMEOUT_MS / 100);
    expect(allOk).toBe(true);
  });
});

describe('attacks on connections and bodies', () => {
  let server: AttackServer;
  let victim: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    server = await startAttackServer({
      connectionLimits: { headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS, maxConnections: MAX_CONNECTIONS },
    });
    await publish(server.admin, echo('/ping', '"pong"'));
    await publish(server.admin, chain('Store', 'POST', '/store', [{ type: 'transform', config: { expression: 'request.body' } }]));
    victim = `${server.runtimeUrl}/dev/ping`;
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.destroy();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('closes a connection that never sends a byte', async () => {
    const idle = await openSocket(server.runtimeUrl);
    sockets.push(idle.socket);
    expect((await idle.closed).afterMs).toBeLessThan(HEADERS_TIMEOUT_MS + CLOSE_SLACK_MS);
  });

  it(`refuses connections past ${MAX_CONNECTIONS} at once, while the admin API keeps answering`, async () => {
    const held = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => openSocket(server.runtimeUrl)));
    sockets.push(...held.map((open) => open.socket));
    const extra = await openSocket(server.runtimeUrl, 'GET /dev/ping HTTP/1.1\r\nHost: x\r\n\r\n');
    sockets.push(extra.socket);
    const refused = await extra.closed;
    expect(refused.received).toBe('');
    expect(refused.afterMs).toBeLessThan(HEADERS_TIMEOUT_MS);
    expect((await server.admin('GET', '/session')).status).toBe(200);
    // Once the held ones time out, callers are served again.
    await Promise.all(held.map((open) => open.closed));
    expect((await getJson(victim)).status).toBe(200);
  });

  it('answers a 10,000-level nested body with 400 invalid_json, and prints no stack trace', async () => {
    const printed = vi.spyOn(console, 'error');
    const log = vi.spyOn(console, 'log');
    try {
      const body = '['.repeat(10_000) + ']'.repeat(10_000);
      const answer = await rawRequest(`${server.runtimeUrl}/dev/store`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ error: { code: 'invalid_json', message: expect.stringContaining('64 levels') } });
      const lines = [...printed.mock.calls, ...log.mock.calls].flat().map(String).join('\n');
      expect(lines).not.toMatch(/\n\s+at /);
    } finally {
      printed.mockRestore();
      log.mockRestore();
    }
  });

  it('answers a body that trickles in at the deadline (504), not at the request timeout', async () => {
    const started = performance.now();
    const slow = await openSocket(server.runtimeUrl, 'POST /dev/store HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":');
    sockets.push(slow.socket);
    const drip = setInterval(() => slow.socket.write(' '), 200);
    try {
      const received = await Promise.race([
        slow.closed.then((closed) => closed.received),
        new Promise<string>((resolve) => slow.socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1')))),
      ]);
      expect(received).toMatch(/^HTTP\/1\.1 504/);
      expect(received).toContain('deadline_exceeded');
      expect(performance.now() - started).toBeLessThan(ATTACK_DEADLINE_MS + GRACE_MS);
    } finally {
      clearInterval(drip);
    }
  });
});
