/**
 * `npm run bench`: published Flowgate APIs against a bare node:http handler (the limit) and a bare
 * Express 5 route (what a hand-written server gets), all serving the same JSON on loopback, measured
 * in one run in alternating rounds so machine drift hits every target alike.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { autocannon, hasWrk, wrk, type LoadOptions, type LoadResult } from './load.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = 2;

type Target = { name: string; url: string; headers: Record<string, string> };

function start(command: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, command, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command.join(' ')} did not start:\n${output}`)), 20_000);
    child.stdout!.on('data', () => {
      if (/PORT \d+|Runtime:\s+\S+/.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    });
    child.once('exit', (code) => reject(new Error(`${command.join(' ')} exited with ${code}:\n${output}`)));
  });
}

async function admin(base: string, key: string, method: string, apiPath: string, body?: unknown): Promise<any> {
  const response = await fetch(`${base}/admin/v1${apiPath}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(`${method} ${apiPath}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** request → transform → respond: the same JSON as the baselines, built by the flow. */
const userFlow = (name: string, path: string, extra: Record<string, unknown>) => ({
  name, method: 'GET', path,
  flow: {
    nodes: [
      { id: 'r', type: 'request', key: 'request', config: {} },
      { id: 't', type: 'transform', key: 'user', config: { expression: '{"id": request.params.id, "name": "Ada Lovelace", "role": "admin"}' } },
      { id: 'o', type: 'respond', key: 'ok', config: { status: 200, body: 'steps.user' } },
    ],
    edges: [
      { id: 'e1', source: 'r', sourceHandle: 'out', target: 't' },
      { id: 'e2', source: 't', sourceHandle: 'out', target: 'o' },
    ],
  },
  ...extra,
});

async function flowgateTargets(): Promise<{ targets: Target[]; stop: () => void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowgate-bench-'));
  const key = 'bench-admin-key-0123456789';
  const { child, output } = await start(['bin/flowgate.js', 'serve', '--db', path.join(dir, 'bench.db'), '--admin-port', '0', '--port', '0'], { FLOWGATE_ADMIN_KEY: key });
  const adminUrl = /Admin API:\s+(\S+)\/admin\/v1/.exec(output())![1]!;
  const runtimeUrl = /Runtime:\s+(\S+)/.exec(output())![1]!;

  const open = await admin(adminUrl, key, 'POST', '/apis', userFlow('Open user', '/users/:id', {}));
  await admin(adminUrl, key, 'POST', `/apis/${open.id}/publish`, { environment: 'dev' });
  const secured = await admin(adminUrl, key, 'POST', '/apis', userFlow('Secured user', '/secure/users/:id', {
    auth: { required: true, keyGroupIds: [], scopes: ['users:read'] },
    rateLimit: { requests: 1_000_000, perSeconds: 1 },
  }));
  await admin(adminUrl, key, 'POST', `/apis/${secured.id}/publish`, { environment: 'dev' });
  const token = await admin(adminUrl, key, 'POST', '/tokens', { name: 'bench', environment: 'dev', scopes: ['users:read'] });

  const check = await fetch(`${runtimeUrl}/dev/secure/users/42`, { headers: { authorization: `Bearer ${token.token}` } });
  if (check.status !== 200) throw new Error(`the secured API answered ${check.status}: ${await check.text()}`);
  return {
    targets: [
      { name: 'Flowgate, open 3-node API', url: `${runtimeUrl}/dev/users/42`, headers: {} },
      { name: 'Flowgate, token + rate limit + log', url: `${runtimeUrl}/dev/secure/users/42`, headers: { authorization: `Bearer ${token.token}` } },
    ],
    stop: () => {
      child.kill('SIGTERM');
      setTimeout(() => rmSync(dir, { recursive: true, force: true }), 500).unref();
    },
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function main(): Promise<void> {
  const useWrk = await hasWrk();
  const load = useWrk ? wrk : autocannon;
  console.log(`Load generator: ${useWrk ? 'wrk' : 'autocannon (install wrk for steadier numbers)'} · ${CONNECTIONS} connections · ${SECONDS} s × ${ROUNDS} rounds per target`);

  const nodeHttp = await start(['dist/test/bench/baselines.js', 'node-http']);
  const expressServer = await start(['dist/test/bench/baselines.js', 'express']);
  const flowgate = await flowgateTargets();
  const port = (output: string): string => /PORT (\d+)/.exec(output)![1]!;
  const targets: Target[] = [
    { name: 'node:http (baseline)', url: `http://127.0.0.1:${port(nodeHttp.output())}/dev/users/42`, headers: {} },
    { name: 'Express 5 route', url: `http://127.0.0.1:${port(expressServer.output())}/dev/users/42`, headers: {} },
    ...flowgate.targets,
  ];

  try {
    const results = new Map<string, LoadResult[]>(targets.map((t) => [t.name, []]));
    for (const target of targets) await load({ url: target.url, connections: CONNECTIONS, seconds: WARMUP_SECONDS, headers: target.headers });
    for (let round = 1; round <= ROUNDS; round++) {
      for (const target of targets) {
        const options: LoadOptions = { url: target.url, connections: CONNECTIONS, seconds: SECONDS, headers: target.headers };
        const result = await load(options);
        results.get(target.name)!.push(result);
        console.log(`  round ${round}  ${target.name.padEnd(36)} ${result.requestsPerSecond.toFixed(0).padStart(7)} req/s  p99 ${result.p99Ms.toFixed(2)} ms`);
      }
    }
    printTable(targets, results);
  } finally {
    nodeHttp.child.kill('SIGTERM');
    expressServer.child.kill('SIGTERM');
    flowgate.stop();
  }
}

function printTable(targets: Target[], results: Map<string, LoadResult[]>): void {
  const summary = targets.map((target) => {
    const runs = results.get(target.name)!;
    return {
      name: target.name,
      rps: median(runs.map((r) => r.requestsPerSecond)),
      p50: median(runs.map((r) => r.p50Ms)),
      p99: median(runs.map((r) => r.p99Ms)),
      errors: runs.reduce((sum, r) => sum + r.errors, 0),
    };
  });
  const baseline = summary[0]!.rps;
  console.log('\nMedian of the rounds:\n');
  console.log(`| target | req/s | p50 ms | p99 ms | × node:http | errors |`);
  console.log(`|---|---:|---:|---:|---:|---:|`);
  for (const row of summary) {
    console.log(`| ${row.name} | ${row.rps.toFixed(0)} | ${row.p50.toFixed(2)} | ${row.p99.toFixed(2)} | ${(row.rps / baseline).toFixed(2)} | ${row.errors} |`);
  }
  const secured = summary[3]!;
  const meets = secured.rps / baseline >= 0.5 && secured.p99 <= 10;
  console.log(`\nTarget (DESIGN.md "Speed"): the token + rate limit + log API at ≥ 0.50 × node:http with p99 ≤ 10 ms → ${(secured.rps / baseline).toFixed(2)}×, p99 ${secured.p99.toFixed(2)} ms: ${meets ? 'met' : 'NOT met'}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
