import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../support/serve.js';
import { makeTempDir, removeTempDir } from '../support/temp.js';
import { makeCertificate, type TestCertificate } from './tls-certificate.js';

/** `flowgate serve --tls-cert --tls-key`: both listeners over HTTPS, the admin API's names, the same connection limits, and the refusals. */

const HEADERS_TIMEOUT_MS = 600;
/** Node checks connection timeouts on a timer; a close this much after the timeout is still the timeout's. */
const TIMER_SLACK_MS = 1_500;
const MAX_CONNECTIONS = 2;
const PUBLIC_NAME = 'admin.flowgate.test';

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

let dir: string;
let certificate: TestCertificate;
let server: Served;

beforeAll(async () => {
  dir = makeTempDir();
  certificate = makeCertificate(dir);
  server = await serve({
    args: ['--tls-cert', certificate.certFile, '--tls-key', certificate.keyFile, '--headers-timeout', String(HEADERS_TIMEOUT_MS), '--max-connections', String(MAX_CONNECTIONS)],
  });
});
afterAll(async () => {
  await server?.stop();
  removeTempDir(dir);
});

/** An HTTPS request that trusts only the test certificate; `host` is sent as the Host header and the TLS server name. */
function call(url: string, options: { headers?: Record<string, string>; host?: string } = {}): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        hostname: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        ca: certificate.cert,
        servername: options.host ?? 'localhost',
        agent: false,
        headers: { ...(options.host ? { host: `${options.host}:${target.port}` } : {}), ...options.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const admin = (path: string, options: { headers?: Record<string, string>; host?: string } = {}): Promise<Answer> =>
  call(`${server.adminUrl}/admin/v1${path}`, { ...options, headers: { authorization: `Bearer ${server.adminKey}`, ...options.headers } });

const errorCode = (answer: Answer): string => (JSON.parse(answer.body) as { error: { code: string } }).error.code;

/** Resolves with how long the server took to close a socket the test opened and never used. */
function closedAfter(socket: Socket): Promise<number> {
  const opened = Date.now();
  return new Promise((resolve) => {
    socket.on('error', () => undefined);
    socket.once('close', () => resolve(Date.now() - opened));
  });
}

describe('flowgate serve over HTTPS', () => {
  it('says https in the banner and the ready message', () => {
    expect(server.adminUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(server.runtimeUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(server.loginUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/login\?code=/);
    expect(server.output()).toContain(`Admin API: ${server.adminUrl}/admin/v1`);
    expect(server.output()).toContain(`Runtime:   ${server.runtimeUrl}`);
  });

  it('answers the admin API and the editor login over TLS with the same handlers', async () => {
    const session = await admin('/session');
    expect(session.status).toBe(200);
    expect(JSON.parse(session.body)).toEqual({ signedIn: true, runtimeUrl: server.runtimeUrl });
    expect((await admin('/apis')).status).toBe(200);
    const login = await call(server.loginUrl);
    expect(login.status).toBe(302);
    expect(String(login.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('answers the runtime over TLS', async () => {
    const answer = await call(`${server.runtimeUrl}/dev/no-such-api`);
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toMatch(/application\/json/);
  });

  it('speaks no plain HTTP on either port', async () => {
    for (const url of [server.adminUrl, server.runtimeUrl]) {
      const target = new URL(url);
      const plain = new Promise<string>((resolve) => {
        const req = httpRequest({ hostname: target.hostname, port: target.port, path: '/', agent: false }, (res) => resolve(`answered ${res.statusCode}`));
        req.on('error', (error) => resolve(`refused: ${error.message}`));
        req.end();
      });
      expect(await plain).toMatch(/^refused|answered 400/);
    }
  });
});

describe('the admin API over TLS answers to the names in its certificate', () => {
  it('takes a certificate name as Host, and its https origin', async () => {
    expect((await admin('/apis', { host: PUBLIC_NAME })).status).toBe(200);
    const port = new URL(server.adminUrl).port;
    expect((await admin('/apis', { host: PUBLIC_NAME, headers: { origin: `https://${PUBLIC_NAME}:${port}` } })).status).toBe(200);
    expect((await admin('/apis', { headers: { origin: server.adminUrl } })).status).toBe(200);
  });

  it('still refuses any other Host, other origins, and the plain-http origin of its own address', async () => {
    const port = new URL(server.adminUrl).port;
    const foreignHost = await call(`${server.adminUrl}/admin/v1/apis`, { headers: { host: `evil.example:${port}`, authorization: `Bearer ${server.adminKey}` } });
    expect(foreignHost.status).toBe(403);
    expect(errorCode(foreignHost)).toBe('forbidden_host');
    for (const origin of ['https://evil.example', `https://evil.example:${port}`, `http://127.0.0.1:${port}`, `http://${PUBLIC_NAME}:${port}`]) {
      const answer = await admin('/apis', { headers: { origin } });
      expect(answer.status, origin).toBe(403);
      expect(errorCode(answer)).toBe('forbidden_origin');
    }
  });
});

describe('the runtime over TLS keeps its connection limits', () => {
  it('closes a connection that never starts its TLS handshake after the headers timeout', async () => {
    const target = new URL(server.runtimeUrl);
    const waited = await closedAfter(connectTcp(Number(target.port), target.hostname));
    expect(waited).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
    expect(waited).toBeLessThan(HEADERS_TIMEOUT_MS + TIMER_SLACK_MS);
  });

  it('closes a connection that shook hands but sends no request after the headers timeout', async () => {
    const target = new URL(server.runtimeUrl);
    const socket = connectTls({ host: target.hostname, port: Number(target.port), ca: certificate.cert, servername: 'localhost' });
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    await new Promise((resolve) => socket.once('secureConnect', resolve));
    const waited = await closedAfter(socket);
    expect(waited).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
    expect(waited).toBeLessThan(HEADERS_TIMEOUT_MS + TIMER_SLACK_MS);
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it(`refuses connections past --max-connections ${MAX_CONNECTIONS}`, async () => {
    const target = new URL(server.runtimeUrl);
    const open = (): Promise<{ socket: ReturnType<typeof connectTls>; result: Promise<'open' | 'closed'> }> =>
      new Promise((resolve) => {
        const socket = connectTls({ host: target.hostname, port: Number(target.port), ca: certificate.cert, servername: 'localhost' });
        socket.on('error', () => undefined);
        const result = new Promise<'open' | 'closed'>((settle) => {
          socket.once('secureConnect', () => settle('open'));
          socket.once('close', () => settle('closed'));
        });
        resolve({ socket, result });
      });
    const held = [await open(), await open()];
    expect(await Promise.all(held.map((entry) => entry.result))).toEqual(['open', 'open']);
    const extra = await open();
    expect(await extra.result).toBe('closed');
    for (const entry of [...held, extra]) entry.socket.destroy();
  });
});

describe('flowgate serve --admin-host', () => {
  it('listens on a wildcard admin host with TLS, reached on loopback from this machine', async () => {
    const open = await serve({ args: ['--admin-host', '0.0.0.0', '--tls-cert', certificate.certFile, '--tls-key', certificate.keyFile] });
    try {
      expect(open.adminUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const answer = await call(`${open.adminUrl}/admin/v1/apis`, { headers: { authorization: `Bearer ${open.adminKey}` } });
      expect(answer.status).toBe(200);
    } finally {
      await open.stop();
    }
  });

  it('refuses a non-loopback admin host without TLS: exit 2 and what to do', async () => {
    const refused = await serve({ args: ['--admin-host', '0.0.0.0'] }).then(
      async (started) => {
        await started.stop();
        return 'started';
      },
      (error: unknown) => (error as Error).message,
    );
    expect(refused).toMatch(/exited with 2:\n[\s\S]*--admin-host 0\.0\.0\.0 is reachable from other machines[\s\S]*add --tls-cert FILE --tls-key FILE/);
  });

  it('refuses a key that does not belong to the certificate: exit 2, naming both files', async () => {
    const other = makeCertificate(dir, 'other');
    const refused = await serve({ args: ['--tls-cert', certificate.certFile, '--tls-key', other.keyFile] }).then(
      async (started) => {
        await started.stop();
        return 'started';
      },
      (error: unknown) => (error as Error).message,
    );
    expect(refused).toContain('exited with 2');
    expect(refused).toContain(`--tls-key ${other.keyFile} is not the private key of the certificate in --tls-cert ${certificate.certFile}`);
  });
});
