import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const ADMIN_KEY = 'records-bench-admin-key-0123456789';

export type BenchServer = {
  adminUrl: string;
  runtimeUrl: string;
  dbFile: string;
  pid: number;
  admin: (method: string, apiPath: string, body?: unknown) => Promise<any>;
  /** Stops the server (SIGTERM, then SIGKILL), keeping its folder. */
  stop: () => Promise<void>;
  /** Removes the folder (after stop). */
  remove: () => void;
};

/** `flowgate serve` (the built one, in dist/) on free loopback ports with a workspace in a temp folder. */
export async function startServer(): Promise<BenchServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowgate-records-bench-'));
  const dbFile = path.join(dir, 'bench.db');
  const child = spawn(process.execPath, ['bin/flowgate.js', 'serve', '--db', dbFile, '--admin-port', '0', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, FLOWGATE_ADMIN_KEY: ADMIN_KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`flowgate serve did not start:\n${output}`)), START_TIMEOUT_MS);
      child.stdout.on('data', () => {
        if (/Runtime:\s+\S+/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`flowgate serve exited with ${code}:\n${output}`)));
    });
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const adminUrl = /Admin API:\s+(\S+)\/admin\/v1/.exec(output)![1]!;
  const runtimeUrl = /Runtime:\s+(\S+)/.exec(output)![1]!;
  return {
    adminUrl,
    runtimeUrl,
    dbFile,
    pid: child.pid!,
    admin: async (method, apiPath, body) => {
      const response = await fetch(`${adminUrl}/admin/v1${apiPath}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${apiPath}: ${response.status} ${text.slice(0, 500)}`);
      return text ? JSON.parse(text) : undefined;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A flow of request → one record node → respond (or fail 404 on a record.get's missing). */
export function recordApi(name: string, method: string, apiPath: string, node: { type: string; config: Record<string, unknown> }) {
  const ports = node.type === 'record.get' ? ['found', 'missing'] : ['out'];
  return {
    name,
    method,
    path: apiPath,
    flow: {
      nodes: [
        { id: 'r', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
        { id: 'n', type: node.type, typeVersion: node.type === 'record.query' ? 2 : 1, key: 'result', position: { x: 200, y: 0 }, config: node.config },
        { id: 'o', type: 'respond', key: 'answer', position: { x: 400, y: 0 }, config: { status: method === 'POST' ? 201 : 200, body: 'steps.result' } },
        ...(ports[1] ? [{ id: 'm', type: 'fail', key: 'missing', position: { x: 400, y: 120 }, config: { status: 404, code: 'not_found', message: '"no such record"' } }] : []),
      ],
      edges: [
        { id: 'e1', source: 'r', sourceHandle: 'out', target: 'n' },
        { id: 'e2', source: 'n', sourceHandle: ports[0], target: 'o' },
        ...(ports[1] ? [{ id: 'e3', source: 'n', sourceHandle: ports[1], target: 'm' }] : []),
      ],
    },
  };
}

export async function publish(server: BenchServer, definition: unknown): Promise<string> {
  const created = await server.admin('POST', '/apis', definition);
  await server.admin('POST', `/apis/${created.id}/publish`, { environment: 'dev' });
  return created.id as string;
}
