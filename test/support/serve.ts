import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'flowgate.js');
const START_TIMEOUT_MS = 20_000;

/** A real `flowgate serve` process on free ports with a workspace in a temp folder. */
export type Served = {
  adminUrl: string;
  runtimeUrl: string;
  loginUrl: string;
  adminKey: string;
  dbFile: string;
  dir: string;
  /** Everything the process printed so far. */
  output: () => string;
  /** Calls the admin API with the admin key. */
  admin: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: any; headers: Headers }>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
  process: ChildProcess;
};

export type ServeOptions = { dir?: string; env?: Record<string, string>; args?: string[] };

export async function serve(options: ServeOptions = {}): Promise<Served> {
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'flowgate-test-'));
  const dbFile = path.join(dir, 'workspace.db');
  const child = spawn(process.execPath, [BIN, 'serve', '--db', dbFile, '--admin-port', '0', '--port', '0', ...(options.args ?? [])], {
    cwd: dir,
    env: { ...process.env, FLOWGATE_ADMIN_KEY: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`flowgate serve did not start:\n${output}`)), START_TIMEOUT_MS);
    const check = (): void => {
      if (/Runtime:\s+\S+/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`flowgate serve exited with ${code}:\n${output}`));
    });
  });

  const match = (pattern: RegExp): string => pattern.exec(output)?.[1] ?? '';
  const adminUrl = match(/Admin API:\s+(\S+)\/admin\/v1/);
  const runtimeUrl = match(/Runtime:\s+(\S+)/);
  const loginUrl = match(/Editor:\s+(\S+)/);
  const adminKey = options.env?.FLOWGATE_ADMIN_KEY || match(/Admin key:\s+(\S+)/) || (await import('node:fs')).readFileSync(`${dbFile}.admin-key`, 'utf8').trim();

  const admin: Served['admin'] = async (method, apiPath, body, headers = {}) => {
    const response = await fetch(`${adminUrl}/admin/v1${apiPath}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };

  const stop = (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill(signal);
    });

  return { adminUrl, runtimeUrl, loginUrl, adminKey, dbFile, dir, output: () => output, admin, stop, process: child };
}
