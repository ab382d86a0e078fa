import { fork } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerProcess, ServerStartError, type ServerLaunch } from '../../electron/server-process.js';
import { readServerAddresses } from '../../electron/server-protocol.js';
import type { ForkServer, ServerChild } from '../../electron/surface.js';
import { serve } from '../support/serve.js';

/**
 * The desktop app's server entry, for real: the compiled dist/electron/server-entry.js run by
 * plain Node (its IPC channel standing in for Electron's parentPort) and driven by the same
 * ServerProcess the main process uses. `npm test` builds dist first.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENTRY = path.join(ROOT, 'dist', 'electron', 'server-entry.js');

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
  };
  lastChild = handle;
  return handle as unknown as ServerChild;
};
let lastChild: { hardKill: () => void } | undefined;

const running: ServerProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
});

function launch(overrides: Partial<ServerLaunch> = {}): Promise<ServerProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowgate-entry-'));
  const started = ServerProcess.start(forkWithNode, {
    entry: ENTRY,
    dbFile: path.join(dir, 'workspace.db'),
    adminKey: 'desktop-admin-key',
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

const bearer = { authorization: 'Bearer desktop-admin-key' };

describe('server entry (the utility process)', () => {
  it('starts on a free admin port, takes the admin key, hands out fresh login links and stops cleanly', async () => {
    const server = await launch();
    const { adminUrl, runtimeUrl, loginUrl } = server.addresses!;
    expect(adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(runtimeUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
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
    const error = await launch({ dbFile: sealed.dbFile }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ServerStartError);
    expect((error as ServerStartError).output.join('\n')).toMatch(/signing keys are encrypted/);
    const reopened = await launch({ dbFile: sealed.dbFile, kek: 'a-kek-from-safe-storage' });
    expect(reopened.running).toBe(true);
  });

  it('reports an exit it did not ask for', async () => {
    const server = await launch();
    const exit = new Promise<number>((resolve) => server.onUnexpectedExit(({ code }) => resolve(code)));
    lastChild!.hardKill();
    expect(await exit).toBe(137);
    expect(server.running).toBe(false);
  });

  it('loads SQLite from FLOWGATE_SQLITE_BINDING when set (how `npm start` gives Electron its build)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flowgate-binding-'));
    const nodeBuild = path.join(path.dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    const copy = path.join(dir, 'better_sqlite3.node');
    copyFileSync(nodeBuild, copy);
    const server = await launch({ baseEnv: { PATH: process.env.PATH, FLOWGATE_SQLITE_BINDING: copy } });
    expect(server.running).toBe(true);

    const missing = await launch({ baseEnv: { PATH: process.env.PATH, FLOWGATE_SQLITE_BINDING: path.join(dir, 'missing.node') } }).catch((failure: unknown) => failure);
    expect((missing as ServerStartError).output.join('\n')).toContain('missing.node');
  });

  it('reads the addresses `flowgate serve` prints, so either entry can be started', async () => {
    const served = await serve();
    try {
      expect(readServerAddresses(served.output().split('\n'))).toEqual({ adminUrl: served.adminUrl, runtimeUrl: served.runtimeUrl, loginUrl: served.loginUrl });
    } finally {
      await served.stop();
    }
  });
});
