import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBalancer, type Balancer } from '../support/balancer.js';
import { BENCH_COLLECTION, BENCH_RECORD } from './fixture.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const ADMIN_KEY = 'bench-admin-key-0123456789';
/** Replicas on one PostgreSQL workspace share their key-encryption key. */
const BENCH_KEK = 'bench-key-encryption-key-0123456789';

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

/** Where the benched server keeps its workspace: a SQLite file of its own, or a PostgreSQL database shared by `replicas` servers behind a balancer. */
export type Workspace = { kind: 'sqlite' } | { kind: 'postgres'; url: string; replicas: number };

type Serving = { child: ChildProcess; adminUrl: string; runtimeUrl: string };

async function startServe(args: string[], env: Record<string, string>): Promise<Serving> {
  const started = await startProcess(['bin/flowgate.js', 'serve', '--admin-port', '0', '--port', '0', ...args], env, (child) =>
    new Promise((resolve) => child.on('message', (message: { type?: string; adminUrl?: string; runtimeUrl?: string }) => {
      if (message.type === 'ready') resolve(JSON.stringify([message.adminUrl, message.runtimeUrl]));
    })),
  );
  const [adminUrl, runtimeUrl] = JSON.parse(started.address) as [string, string];
  return { child: started.child, adminUrl, runtimeUrl };
}

/** Polls until `url` answers `status` (a replica serving what another published), for at most 10 s. */
async function answers(url: string, headers: Record<string, string>, status: number): Promise<void> {
  const until = Date.now() + 10_000;
  for (;;) {
    const answer = await fetch(url, { headers });
    await answer.arrayBuffer();
    if (answer.status === status) return;
    if (Date.now() > until) throw new Error(`${url} still answers ${answer.status}, not ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * `flowgate serve --workers N` on a workspace of its own: an open and a secured API reading the same
 * record; `env` for variants (FLOWGATE_INLINE_FLOWS=off: every flow in a worker). On PostgreSQL with
 * several replicas, the targets are a round-robin balancer in front of them (test/support/balancer.ts,
 * in this process).
 */
export async function startFlowgate(workers: number, label: string, env: Record<string, string> = {}, workspace: Workspace = { kind: 'sqlite' }): Promise<Started & { targets: Target[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowgate-bench-'));
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  const servers: Serving[] = [];
  let balancer: Balancer | undefined;
  const stop = async (): Promise<void> => {
    await balancer?.stop();
    await Promise.all(servers.map((server) => stopProcess(server.child)));
    removeDir();
  };
  try {
    const storage = workspace.kind === 'sqlite'
      ? { args: ['--db', path.join(dir, 'bench.db')], env: { FLOWGATE_KEK: '' } }
      : { args: ['--database', workspace.url], env: { FLOWGATE_KEK: BENCH_KEK } };
    const replicas = workspace.kind === 'sqlite' ? 1 : workspace.replicas;
    for (let index = 0; index < replicas; index++) {
      servers.push(await startServe([...storage.args, '--workers', String(workers)], { FLOWGATE_ADMIN_KEY: ADMIN_KEY, ...storage.env, ...env }));
    }
    const { adminUrl, runtimeUrl } = servers[0]!;
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
    for (const server of servers) await answers(`${server.runtimeUrl}/dev/secure/users/${BENCH_RECORD.id}`, authorization, 200);
    if (servers.length > 1) balancer = await startBalancer(servers.map((server) => server.runtimeUrl));
    const front = balancer?.url ?? runtimeUrl;
    const processes = workers * servers.length;
    const pid = servers[0]!.child.pid!;
    return {
      targets: [
        { name: `Flowgate ${label}, open record read`, url: `${front}/dev/users/${BENCH_RECORD.id}`, headers: {}, processes, kind: 'open', pid, reference: false },
        { name: `Flowgate ${label}, secured`, url: `${front}/dev/secure/users/${BENCH_RECORD.id}`, headers: authorization, processes, kind: 'secured', pid, reference: false },
      ],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
