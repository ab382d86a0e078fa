import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_COLLECTION, BENCH_RECORD } from './fixture.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const ADMIN_KEY = 'bench-admin-key-0123456789';

/**
 * One URL to load, with what to send; `processes` is how many serve it (for ratios at equal process
 * count); `reference` marks the bare SQLite baselines every ratio is taken against.
 */
export type Target = { name: string; url: string; headers: Record<string, string>; processes: number; kind: 'bare' | 'open' | 'secured'; pid: number; reference: boolean };

/** Something the bench started: stopped (and its files removed) before the bench exits, however it ends. */
export type Started = { stop: () => Promise<void> };

function startProcess(args: string[], env: Record<string, string>, ready: (child: ChildProcess, output: () => string) => Promise<string>): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`));
    }, START_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}:\n${output}`));
    });
    ready(child, () => output).then((address) => {
      clearTimeout(timer);
      resolve({ child, address });
    }, reject);
  });
}

/** SIGTERM, then SIGKILL if it hangs; resolves once the process is gone. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A bare node:http baseline (baselines.ts): `processes` > 1 shares the port through node:cluster. */
const BASELINE_NAMES = { memory: 'record from memory', sqlite: 'record from SQLite', 'sqlite-counted': 'record from SQLite + a counter round trip to the primary' } as const;

export async function startBaseline(source: keyof typeof BASELINE_NAMES, processes: number): Promise<Started & { target: Target }> {
  const { child, address } = await startProcess(['dist/test/bench/baselines.js', source, String(processes)], {}, (_child, output) =>
    new Promise((resolve) => {
      const check = setInterval(() => {
        const port = /PORT (\d+)/.exec(output())?.[1];
        if (port) {
          clearInterval(check);
          resolve(`http://127.0.0.1:${port}`);
        }
      }, 20);
    }),
  );
  const name = `node:http ×${processes}, ${BASELINE_NAMES[source]}`;
  const target: Target = { name, url: `${address}/dev/users/${BENCH_RECORD.id}`, headers: {}, processes, kind: 'bare', pid: child.pid!, reference: source === 'sqlite' };
  return { target, stop: () => stopProcess(child) };
}

type AdminCall = (method: string, apiPath: string, body?: unknown) => Promise<any>;

function adminOf(adminUrl: string): AdminCall {
  return async (method, apiPath, body) => {
    const response = await fetch(`${adminUrl}/admin/v1${apiPath}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await response.json()) as unknown;
    if (!response.ok) throw new Error(`${method} ${apiPath}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
}

const node = (id: string, type: string, key: string, config: Record<string, unknown>) => ({ id, type, key, position: { x: 0, y: 0 }, config });
const edge = (id: string, source: string, sourceHandle: string, target: string) => ({ id, source, sourceHandle, target });

/** request → record.get → respond (what real APIs do), with an optional transform before the answer. */
function readUserApi(name: string, apiPath: string, transform: string | null, extra: Record<string, unknown>): Record<string, unknown> {
  const nodes = [
    node('r', 'request', 'request', {}),
    node('g', 'record.get', 'user', { collection: BENCH_COLLECTION, id: 'request.params.id' }),
    node('o', 'respond', 'ok', { status: 200, body: transform ? 'steps.shown' : 'steps.user' }),
    node('m', 'fail', 'missing', { status: 404, code: 'not_found', message: '"no such user"' }),
  ];
  const edges = [edge('e1', 'r', 'out', 'g'), edge('e3', 'g', 'missing', 'm')];
  if (transform) {
    nodes.push(node('t', 'transform', 'shown', { expression: transform }));
    edges.push(edge('e2', 'g', 'found', 't'), edge('e4', 't', 'out', 'o'));
  } else {
    edges.push(edge('e2', 'g', 'found', 'o'));
  }
  return { name, method: 'GET', path: apiPath, flow: { nodes, edges }, ...extra };
}

const SEED_API = {
  name: 'Seed user', method: 'POST', path: '/seed',
  flow: {
    nodes: [node('r', 'request', 'request', {}), node('i', 'record.insert', 'saved', { collection: BENCH_COLLECTION, document: 'request.body' }), node('o', 'respond', 'ok', { status: 201, body: 'steps.saved' })],
    edges: [edge('e1', 'r', 'out', 'i'), edge('e2', 'i', 'out', 'o')],
  },
};

/** The secured API's transform: in the compiled JSONata subset, as common transforms are. */
const SECURED_TRANSFORM = '{"id": steps.user.id, "name": steps.user.name, "email": $lowercase(steps.user.email), "role": $uppercase(steps.user.role)}';

/**
 * `flowgate serve --workers N` on a workspace of its own: an open and a secured API reading the same
 * record; `env` for variants (FLOWGATE_INLINE_FLOWS=off: every flow in a worker).
 */
export async function startFlowgate(workers: number, label: string, env: Record<string, string> = {}): Promise<Started & { targets: Target[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowgate-bench-'));
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  let started: { child: ChildProcess; address: string };
  try {
    started = await startProcess(
      ['bin/flowgate.js', 'serve', '--db', path.join(dir, 'bench.db'), '--admin-port', '0', '--port', '0', '--workers', String(workers)],
      { FLOWGATE_ADMIN_KEY: ADMIN_KEY, FLOWGATE_KEK: '', ...env },
      (child) => new Promise((resolve) => child.on('message', (message: { type?: string; adminUrl?: string; runtimeUrl?: string }) => {
        if (message.type === 'ready') resolve(JSON.stringify([message.adminUrl, message.runtimeUrl]));
      })),
    );
  } catch (error) {
    removeDir();
    throw error;
  }
  const stop = async (): Promise<void> => {
    await stopProcess(started.child);
    removeDir();
  };
  try {
    const [adminUrl, runtimeUrl] = JSON.parse(started.address) as [string, string];
    const admin = adminOf(adminUrl);
    const publish = async (definition: Record<string, unknown>): Promise<void> => {
      const api = await admin('POST', '/apis', definition);
      await admin('POST', `/apis/${api.id}/publish`, { environment: 'dev' });
    };
    await publish(SEED_API);
    await publish(readUserApi('Open user', '/users/:id', null, {}));
    await publish(readUserApi('Secured user', '/secure/users/:id', SECURED_TRANSFORM, {
      auth: { required: true, keyGroupIds: [], scopes: ['users:read'] },
      rateLimit: { requests: 1_000_000, perSeconds: 1 },
    }));
    const token = await admin('POST', '/tokens', { name: 'bench', environment: 'dev', scopes: ['users:read'] });
    const seeded = await fetch(`${runtimeUrl}/dev/seed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BENCH_RECORD) });
    if (seeded.status !== 201) throw new Error(`seeding answered ${seeded.status}: ${await seeded.text()}`);
    const authorization = { authorization: `Bearer ${token.token as string}` };
    const check = await fetch(`${runtimeUrl}/dev/secure/users/${BENCH_RECORD.id}`, { headers: authorization });
    if (check.status !== 200) throw new Error(`the secured API answered ${check.status}: ${await check.text()}`);
    return {
      targets: [
        { name: `Flowgate ${label}, open record read`, url: `${runtimeUrl}/dev/users/${BENCH_RECORD.id}`, headers: {}, processes: workers, kind: 'open', pid: started.child.pid!, reference: false },
        { name: `Flowgate ${label}, secured`, url: `${runtimeUrl}/dev/secure/users/${BENCH_RECORD.id}`, headers: authorization, processes: workers, kind: 'secured', pid: started.child.pid!, reference: false },
      ],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
