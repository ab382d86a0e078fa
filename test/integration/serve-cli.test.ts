import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openAuth } from '../../server/auth/index.js';
import { closeStorage, openStorage } from '../../server/storage/storage.js';
import { getJson } from '../support/http.js';
import { serve } from '../support/serve.js';
import { makeTempDir, removeTempDirs } from '../support/temp.js';

/** What only a real `flowgate serve` process shows: its printed lines, key files, exit codes and its tie to its parent. */

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'flowgate.js');
const OWNER_ONLY = 0o600;
const POLL_MS = 50;
const GONE_WITHIN_MS = 15_000;

afterAll(removeTempDirs);

type KeyRow = { kid: string; private_key: string; encrypted: number };

function currentKey(dbFile: string): KeyRow {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(`SELECT kid, private_key, encrypted FROM signing_keys WHERE status = 'current'`).get() as KeyRow;
  } finally {
    db.close();
  }
}

const modeOf = (file: string): number => statSync(file).mode & 0o777;

/** serve() rejects with the exit code and everything printed when the process ends before it is ready. */
const refusal = (options: Parameters<typeof serve>[0]): Promise<string> =>
  serve(options).then(
    async (served) => {
      await served.stop();
      return expect.fail('flowgate serve started');
    },
    (error: unknown) => String((error as Error).message),
  );

describe('flowgate serve: keys at first start', () => {
  it('prints the admin key once, keeps it and the key-encryption key in 0600 files, and seals the signing keys with it', async () => {
    const dir = makeTempDir();
    const first = await serve({ dir });
    expect(first.output()).toMatch(/Admin key: \S+ {2}\(shown once; kept in .*workspace\.db\.admin-key\)/);
    expect(first.output()).toContain(`Signing keys are encrypted with a key kept in ${first.dbFile}.kek`);
    expect(modeOf(`${first.dbFile}.admin-key`)).toBe(OWNER_ONLY);
    expect(modeOf(`${first.dbFile}.kek`)).toBe(OWNER_ONLY);
    expect(await first.stop()).toBe(0);
    const key = currentKey(first.dbFile);
    expect(key.encrypted).toBe(1);
    expect(key.private_key).not.toContain('PRIVATE KEY');

    const again = await serve({ dir });
    expect(again.output()).not.toMatch(/Admin key:|Signing keys are encrypted/);
    expect(again.adminKey).toBe(first.adminKey);
    expect((await again.admin('GET', '/signing-keys')).body[0].kid).toBe(key.kid);
    await again.stop();
  });

  it('seals, at its first open, a workspace whose signing key an earlier Flowgate stored as plain PEM', async () => {
    const dir = makeTempDir();
    const dbFile = path.join(dir, 'workspace.db');
    const storage = await openStorage({ dbFile });
    await (await openAuth(storage)).close();
    await closeStorage(storage);
    const plain = currentKey(dbFile);
    expect(plain).toMatchObject({ encrypted: 0, private_key: expect.stringContaining('PRIVATE KEY') });

    const served = await serve({ dir });
    const jwks = await getJson(`${served.runtimeUrl}/.well-known/jwks.json`);
    expect(jwks.body.keys.map((key: { kid: string }) => key.kid)).toEqual([plain.kid]);
    expect((await served.admin('POST', '/tokens', { name: 'after sealing', environment: 'dev' })).status).toBe(201);
    expect(await served.stop()).toBe(0);
    expect(currentKey(dbFile)).toMatchObject({ kid: plain.kid, encrypted: 1, private_key: expect.not.stringContaining('PRIVATE KEY') });
    expect(readFileSync(`${dbFile}.kek`, 'utf8').trim()).not.toBe('');
  });
});

describe('flowgate serve: flags and environment', () => {
  it('refuses an admin key under 16 characters with exit code 2 and what to do', async () => {
    const message = await refusal({ env: { FLOWGATE_ADMIN_KEY: 'k' } });
    expect(message).toMatch(/exited with 2/);
    expect(message).toContain('The admin key in FLOWGATE_ADMIN_KEY is 1 character long; it must have at least 16');
    expect(message).toContain('unset FLOWGATE_ADMIN_KEY to use the one kept in');
  });

  it('refuses unknown flags, a bad --public-url and a bad variable with exit code 2, naming each', async () => {
    expect(await refusal({ args: ['--bogus'] })).toMatch(/exited with 2:\n[\s\S]*Unknown option '--bogus'/);
    expect(await refusal({ args: ['--public-url', 'ftp://files.example'] })).toContain('--public-url must be an absolute http(s) URL');
    expect(await refusal({ args: ['--port', '70000'] })).toMatch(/--port .*65535/);
    expect(await refusal({ env: { FLOWGATE_DEADLINE_MS: '-5' } })).toContain('FLOWGATE_DEADLINE_MS must be a positive number of milliseconds');
    expect(await refusal({ env: { FLOWGATE_TRUSTED_PROXIES: '10.0.0.0/8,office' } })).toContain('"office" is not an IPv4 or IPv6 address or CIDR range');
  });

  it('--public-url: the runtime’s base URL as callers see it, in the ready message and the printed lines', async () => {
    const served = await serve({ args: ['--public-url', 'https://api.example.com/'] });
    expect(served.publicUrl).toBe('https://api.example.com');
    expect(served.runtimeUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(served.output()).toContain('Public:    https://api.example.com\n');
    await served.stop();
  });

  it('--port-fallback: a taken runtime port gives a free one, printed; without it, the start fails saying what to do', async () => {
    const taken = await occupyPort();
    try {
      const served = await serve({ args: ['--port', String(taken.port), '--port-fallback'] });
      expect(served.runtimeUrl).not.toBe(`http://127.0.0.1:${taken.port}`);
      expect(served.output()).toContain(`(port ${taken.port} is taken by another program; listening on a free one instead)`);
      expect((await getJson(`${served.runtimeUrl}/.well-known/jwks.json`)).status).toBe(200);
      await served.stop();

      const refused = await refusal({ args: ['--port', String(taken.port)] });
      expect(refused).toMatch(/exited with 1/);
      expect(refused).toContain('The runtime port is taken by another program: choose another with --port, or pass --port-fallback');
      expect(refused).toContain(`EADDRINUSE: address already in use 127.0.0.1:${taken.port}`);
    } finally {
      taken.server.close();
    }
  });
});

describe('flowgate serve: tied to the process that started it', () => {
  it('stops by itself when its parent is killed with SIGKILL, so no server outlives a killed test run', async () => {
    const dir = makeTempDir();
    // A stand-in for a test worker: starts flowgate serve with an IPC channel, prints its pid once ready, then waits.
    const parentScript = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ${JSON.stringify([BIN, 'serve', '--db', path.join(dir, 'workspace.db'), '--admin-port', '0', '--port', '0'])},
        { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], env: { PATH: process.env.PATH } });
      child.on('message', (message) => message.type === 'ready' && console.log(child.pid));
      setInterval(() => undefined, 1000);`;
    const parent = spawn(process.execPath, ['-e', parentScript], { stdio: ['ignore', 'pipe', 'inherit'] });
    let serverPid = 0;
    try {
      serverPid = await new Promise<number>((resolve, reject) => {
        parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
        parent.once('exit', (code) => reject(new Error(`the stand-in parent exited with ${code}`)));
      });
      expect(isRunning(serverPid)).toBe(true);
      parent.kill('SIGKILL');
      const started = Date.now();
      while (isRunning(serverPid) && Date.now() - started < GONE_WITHIN_MS) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      expect(isRunning(serverPid)).toBe(false);
      // It closed the workspace cleanly: the WAL was checkpointed and removed.
      expect(() => statSync(path.join(dir, 'workspace.db-wal'))).toThrow();
    } finally {
      parent.kill('SIGKILL');
      if (serverPid && isRunning(serverPid)) process.kill(serverPid, 'SIGKILL');
    }
  });
});

/** Alive and not a zombie waiting to be reaped (a container's PID 1 may never reap it). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function occupyPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}
