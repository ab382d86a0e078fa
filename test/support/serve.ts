import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import type { ServerReady } from '../../server/app.js';
import { adminClient, type AdminCall } from './admin.js';
import { makeTempDir, removeTempDir } from './temp.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'flowgate.js');
const START_TIMEOUT_MS = 20_000;
/** The server drains for up to 10 s (server/listen.ts); past this it is killed. */
const STOP_TIMEOUT_MS = 15_000;

/**
 * A real `flowgate serve` process on free ports with a workspace in a temp folder, for what
 * needs a process: signals, exit codes, printed output. Everything else runs in-process
 * (test-server.ts). The child is tied to this process by an IPC channel: it reports its
 * addresses over it, and stops by itself when this process goes away, even killed.
 */
export type Served = {
  adminUrl: string;
  runtimeUrl: string;
  publicUrl: string;
  loginUrl: string;
  adminKey: string;
  dbFile: string;
  dir: string;
  /** Everything the process printed so far. */
  output: () => string;
  /** Calls the admin API with the admin key. */
  admin: AdminCall;
  /** Stops the process (SIGTERM by default, SIGKILL if it hangs), answers its exit code and removes the temp folder serve() made. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
  process: ChildProcess;
};

/** `dir`: the caller's folder, which serve() leaves in place; by default a temp folder of its own. */
export type ServeOptions = { dir?: string; env?: Record<string, string>; args?: string[] };

const running = new Set<Served>();

export async function serve(options: ServeOptions = {}): Promise<Served> {
  const dir = options.dir ?? makeTempDir();
  const dbFile = path.join(dir, 'workspace.db');
  const child = spawn(process.execPath, [BIN, 'serve', '--db', dbFile, '--admin-port', '0', '--port', '0', ...(options.args ?? [])], {
    cwd: dir,
    env: { ...process.env, FLOWGATE_ADMIN_KEY: '', FLOWGATE_KEK: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // 'close' comes once the process exited and its output is all read.
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));

  let stopping: Promise<number | null> | undefined;
  const stop = (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        if (!(await settlesWithin(closed, STOP_TIMEOUT_MS))) child.kill('SIGKILL');
      }
      const code = await closed;
      running.delete(served);
      if (options.dir === undefined) removeTempDir(dir);
      return code;
    })());

  const served: Served = {
    adminUrl: '', runtimeUrl: '', publicUrl: '', loginUrl: '', adminKey: '', dbFile, dir,
    output: () => output,
    admin: () => Promise.reject(new Error('the server is not ready')),
    stop,
    process: child,
  };
  running.add(served);

  let ready: ServerReady;
  try {
    ready = await readyMessage(child, closed, () => output);
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  }
  const adminKey = options.env?.FLOWGATE_ADMIN_KEY || readFileSync(`${dbFile}.admin-key`, 'utf8').trim();
  return Object.assign(served, {
    adminUrl: ready.adminUrl,
    runtimeUrl: ready.runtimeUrl,
    publicUrl: ready.publicUrl,
    loginUrl: ready.loginUrl,
    adminKey,
    admin: adminClient(ready.adminUrl, adminKey),
  });
}

/** Stops every server still running (an afterAll: registered below for each test file that imports this). */
export async function stopAllServed(): Promise<void> {
  await Promise.all([...running].map((served) => served.stop('SIGKILL')));
}

afterAll(stopAllServed);
// A worker that exits without its afterAll: the IPC tie stops the children; this makes sure at once.
process.once('exit', () => {
  for (const served of running) served.process.kill('SIGKILL');
});

function readyMessage(child: ChildProcess, closed: Promise<number | null>, output: () => string): Promise<ServerReady> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`flowgate serve did not report ready within ${START_TIMEOUT_MS / 1000} s:\n${output()}`)), START_TIMEOUT_MS);
    child.on('message', (message: ServerReady) => {
      if (message?.type !== 'ready') return;
      clearTimeout(timer);
      resolve(message);
    });
    void closed.then((code) => {
      clearTimeout(timer);
      reject(new Error(`flowgate serve exited with ${code}:\n${output()}`));
    });
  });
}

async function settlesWithin(done: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const settled = await Promise.race([done.then(() => true as const), timeout]);
  clearTimeout(timer);
  return settled;
}
