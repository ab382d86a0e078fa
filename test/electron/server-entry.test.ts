import { fork } from 'node:child_process';
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ServerProcess, ServerStartError, type ServerLaunch } from '../../electron/server-process.js';
import { isFromServer } from '../../electron/server-protocol.js';
import type { ForkServer, ServerChild } from '../../electron/surface.js';
import { echo } from '../fixtures/apis.js';
import { adminClient } from '../support/admin.js';
import { rawRequest } from '../support/http.js';
import { makeTempDir, removeTempDirs } from '../support/temp.js';

/**
 * The desktop app's server entry, for real: the compiled dist/electron/server-entry.js run by
 * plain Node (its IPC channel standing in for Electron's parentPort) and driven by the same
 * ServerProcess the main process uses. `npm test` builds dist first.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENTRY = path.join(ROOT, 'dist', 'electron', 'server-entry.js');
const BIN = path.join(ROOT, 'bin', 'flowgate.js');
const ADMIN_KEY = 'desktop-admin-key';

type NodeChild = { hardKill: () => void; disconnect: () => void };

/** utilityProcess.fork's shape over child_process.fork. */
const forkWithNode: ForkServer = (modulePath, args, options) => {
  const child = fork(modulePath, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const handle = {
    stdout: child.stdout,
    stderr: child.stderr,
    postMessage: (message: unknown) => child.send(message as object),
    kill: () => child.kill('SIGTERM'),
    on: (event: 'exit' | 'message', listener: (value: unknown) => void) => {
      if (event === 'exit') child.on('exit', (code, signal) => listener(code ?? (signal === 'SIGKILL' ? 137 : 143)));
      else child.on('message', (message) => listener(message));
      return handle;
    },
    pid: child.pid,
    hardKill: () => child.kill('SIGKILL'),
    disconnect: () => child.disconnect(),
  };
  lastChild = handle;
  return handle as unknown as ServerChild;
};
let lastChild: NodeChild | undefined;

const running: ServerProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
});
afterAll(removeTempDirs);

function launch(overrides: Partial<ServerLaunch> = {}): Promise<ServerProcess> {
  const started = ServerProcess.start(forkWithNode, {
    entry: ENTRY,
    dbFile: path.join(makeTempDir('flowgate-entry-'), 'workspace.db'),
    adminKey: ADMIN_KEY,
    kek: undefined,
    runtimePort: 0,
    baseEnv: { PATH: process.env.PATH },
    log: () => undefined,
    ...overrides,
  });
  return started.then((server) => {
    running.push(server);
    return server;
  });
}

const failureOf = (starting: Promise<unknown>): Promise<ServerStartError> =>
  starting.then(
    () => expect.fail('the server started'),
    (error: unknown) => {
      expect(error).toBeInstanceOf(ServerStartError);
      return error as ServerStartError;
    },
  );

const bearer = { authorization: `Bearer ${ADMIN_KEY}` };

describe('server entry (the utility process)', () => {
  it('reports its addresses over the message port, takes the admin key, hands out fresh login links and stops cleanly', async () => {
    const server = await launch();
    const { adminUrl, runtimeUrl, publicUrl, loginUrl } = server.addresses!;
    expect(adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(runtimeUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(publicUrl).toBe(runtimeUrl);
    expect((await fetch(`${adminUrl}/admin/v1/apis`, { headers: bearer })).status).toBe(200);
    expect((await fetch(`${adminUrl}/admin/v1/apis`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);

    const fresh = await server.loginUrl();
    expect(fresh).toMatch(new RegExp(`^${adminUrl}/login\\?code=`));
    expect(fresh).not.toBe(loginUrl);
    const login = await fetch(fresh, { redirect: 'manual' });
    expect(login.headers.get('location')).toBe('/');
    expect(login.headers.get('set-cookie')).toMatch(/flowgate_session=/);

    await server.stop();
    expect(server.running).toBe(false);
    expect(server.output()).toContain('Stopped.');
    // A clean close checkpoints the WAL into the database and removes it.
    expect(existsSync(`${server.dbFile}-wal`)).toBe(false);
    await expect(fetch(`${adminUrl}/admin/v1/session`, { headers: bearer })).rejects.toThrow();
  });

  it('seals the signing keys with the KEK it is given: without it the workspace will not open', async () => {
    const sealed = await launch({ kek: 'a-kek-from-safe-storage' });
    await sealed.stop();
    const error = await failureOf(launch({ dbFile: sealed.dbFile }));
    expect(error.output.join('\n')).toMatch(/signing keys are encrypted/);
    // The key file it would have made is of no use to these keys, so it is not left behind.
    expect(existsSync(`${sealed.dbFile}.kek`)).toBe(false);
    const reopened = await launch({ dbFile: sealed.dbFile, kek: 'a-kek-from-safe-storage' });
    expect(reopened.running).toBe(true);
  });

  it('without a KEK from the keychain, seals the signing keys with one kept in a 0600 file beside the workspace', async () => {
    const first = await launch();
    await first.stop();
    expect(statSync(`${first.dbFile}.kek`).mode & 0o777).toBe(0o600);
    const again = await launch({ dbFile: first.dbFile });
    expect(again.running).toBe(true);
  });

  it('reads FLOWGATE_TRUSTED_PROXIES and FLOWGATE_DEADLINE_MS as `flowgate serve` does', async () => {
    const server = await launch({ baseEnv: { PATH: process.env.PATH, FLOWGATE_TRUSTED_PROXIES: '127.0.0.1/32', FLOWGATE_DEADLINE_MS: '5000' } });
    const admin = adminClient(server.addresses!.adminUrl, ADMIN_KEY);
    const api = await admin('POST', '/apis', echo('/ip', '{"ip": request.ip}'));
    expect((await admin('POST', `/apis/${api.body.id}/publish`, { environment: 'dev' })).status).toBe(200);
    const answer = await rawRequest(`${server.addresses!.runtimeUrl}/dev/ip`, { headers: { 'x-forwarded-for': '10.1.2.3' } });
    expect(answer.json).toEqual({ ip: '10.1.2.3' });

    const proxies = await failureOf(launch({ baseEnv: { PATH: process.env.PATH, FLOWGATE_TRUSTED_PROXIES: 'the-office' } }));
    expect(proxies.output.join('\n')).toMatch(/FLOWGATE_TRUSTED_PROXIES "the-office" is not an IPv4 or IPv6 address or CIDR range/);
    const deadline = await failureOf(launch({ baseEnv: { PATH: process.env.PATH, FLOWGATE_DEADLINE_MS: 'soon' } }));
    expect(deadline.output.join('\n')).toMatch(/FLOWGATE_DEADLINE_MS must be a positive number of milliseconds/);
  });

  it('listens on a free runtime port when the saved one is taken, and says which', async () => {
    const taken = await occupyPort();
    try {
      const server = await launch({ runtimePort: taken.port, portFallback: true });
      expect(server.addresses!.runtimePortTaken).toBe(taken.port);
      expect(server.addresses!.runtimeUrl).not.toBe(`http://127.0.0.1:${taken.port}`);
      expect((await fetch(`${server.addresses!.runtimeUrl}/.well-known/jwks.json`)).status).toBe(200);

      const refused = await failureOf(launch({ runtimePort: taken.port }));
      expect(refused.output.join('\n')).toMatch(new RegExp(`--port-fallback[\\s\\S]*EADDRINUSE.*:${taken.port}$`, 'm'));
    } finally {
      taken.server.close();
    }
  });

  it('refuses an admin key shorter than 16 characters', async () => {
    const error = await failureOf(launch({ adminKey: 'short' }));
    expect(error.output.join('\n')).toMatch(/admin key in FLOWGATE_ADMIN_KEY is 5 characters long; it must have at least 16/);
  });

  it('reports an exit it did not ask for', async () => {
    const server = await launch();
    const exit = new Promise<number>((resolve) => server.onUnexpectedExit(({ code }) => resolve(code)));
    lastChild!.hardKill();
    expect(await exit).toBe(137);
    expect(server.running).toBe(false);
  });

  it('stops cleanly by itself when its parent goes away', async () => {
    const server = await launch();
    const exit = new Promise<number>((resolve) => server.onUnexpectedExit(({ code }) => resolve(code)));
    lastChild!.disconnect();
    expect(await exit).toBe(0);
    expect(server.output()).toEqual(expect.arrayContaining(['parent process gone: finishing in-flight requests…', 'Stopped.']));
  });

  it('loads SQLite from FLOWGATE_SQLITE_BINDING when set (how `npm start` gives Electron its build)', async () => {
    const dir = makeTempDir('flowgate-binding-');
    const nodeBuild = path.join(path.dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    const copy = path.join(dir, 'better_sqlite3.node');
    copyFileSync(nodeBuild, copy);
    const server = await launch({ baseEnv: { PATH: process.env.PATH, FLOWGATE_SQLITE_BINDING: copy } });
    expect(server.running).toBe(true);

    const missing = await failureOf(launch({ baseEnv: { PATH: process.env.PATH, FLOWGATE_SQLITE_BINDING: path.join(dir, 'missing.node') } }));
    expect(missing.output.join('\n')).toContain('missing.node');
  });

  it('`flowgate serve` started with an IPC channel sends the same ready message, so either entry can be started', async () => {
    const dir = makeTempDir('flowgate-entry-');
    const child = fork(BIN, ['serve', '--db', path.join(dir, 'workspace.db'), '--admin-port', '0', '--port', '0'], {
      env: { PATH: process.env.PATH },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // 'exit', not 'close': Node never emits 'close' for a child whose IPC channel the parent disconnected.
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const ready = await new Promise<unknown>((resolve, reject) => {
        child.once('message', resolve);
        void exited.then(() => reject(new Error(`flowgate serve exited:\n${output}`)));
      });
      expect(isFromServer(ready)).toBe(true);
      const { adminUrl, runtimeUrl } = ready as { adminUrl: string; runtimeUrl: string };
      // The printed lines stay, for people.
      expect(output).toContain(`Admin API: ${adminUrl}/admin/v1`);
      expect(output).toContain(`Runtime:   ${runtimeUrl}`);
    } finally {
      child.disconnect();
    }
    expect(await exited).toBe(0);
  });
});

async function occupyPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}
