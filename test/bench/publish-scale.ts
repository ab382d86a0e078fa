/**
 * `npm run bench:publish`: what one publish costs with many APIs already published. Seeds
 * PUBLISH_APIS (1,000) published APIs through the workspace import, then measures one more publish
 * (median of PUBLISH_ROUNDS), the longest gap an open API polled every 5 ms sees during those
 * publishes, the longest event-loop delay of the listener (and of its flow workers) meanwhile, the
 * server's RSS, and a repeated `/dev/openapi.json`. Never part of `npm test`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LoopDelay } from './loop-delay.js';
import { startServer, type BenchServer } from './records-server.js';

const APIS = Number(process.env.PUBLISH_APIS ?? 1000);
const PUBLISH_ROUNDS = 10;
const OPENAPI_ROUNDS = 10;
/** How often the probe calls an open API while publishes run. */
const POLL_EVERY_MS = 5;
/** APIs per import request: well under the import's limits (1,000 APIs, 50,000 nodes, 10 MB). */
const IMPORT_BATCH = 500;
const SETTLE_MS = 2_000;
const READY_TIMEOUT_MS = 300_000;
/** How long a process gets to write its loop delay after the signal. */
const LOOP_DELAY_TIMEOUT_MS = 5_000;
const LOOP_DELAY_POLL_MS = 10;
/** How long the probe and the loop monitors watch without publishes, for the baseline. */
const IDLE_WATCH_MS = 1_000;

const TARGETS = { publishMs: 20, stallMs: 20, rssMb: 400, openApiMs: 20 } as const;

/** An API with a body schema of its own (no two alike, so none is compiled once for all), a query parameter and a JSONata answer: what compiling a typical version costs. */
function api(n: number) {
  return {
    name: `Bench API ${n}`,
    method: 'POST',
    path: `/bench/${n}/items/:id`,
    query: [{ name: 'limit', type: 'number', required: false }],
    bodySchema: { type: 'object', properties: { name: { type: 'string', maxLength: 100 + n }, count: { type: 'integer', minimum: 0 } }, required: ['name'] },
    flow: {
      nodes: [
        { id: 'r', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
        { id: 'o', type: 'respond', key: 'answer', position: { x: 200, y: 0 }, config: { status: 200, body: `{"api": ${n}, "id": request.params.id, "name": $uppercase(request.body.name)}` } },
      ],
      edges: [{ id: 'e1', source: 'r', sourceHandle: 'out', target: 'o' }],
    },
  };
}

function workspaceFile(from: number, to: number) {
  const apis = [];
  for (let n = from; n < to; n += 1) {
    const definition = api(n);
    apis.push({ ...definition, id: `bench-${n}`, versions: [{ version: 1, definition }], deployments: [{ environment: 'dev', version: 1 }] });
  }
  return { format: 'flowgate-workspace', version: 1, exportedAt: new Date().toISOString(), apis };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const rssMb = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
};

/** The server and its children (the flow workers). */
const processTree = (pid: number): number[] => {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return [pid, ...(children ? children.split(/\s+/).map(Number) : [])];
};

/** Asks every process of the server for its longest event-loop delay since the last ask (loop-delay.ts), and resets it. */
async function loopDelays(pid: number, dir: string): Promise<LoopDelay[]> {
  const pids = processTree(pid);
  for (const each of pids) rmSync(path.join(dir, `${each}.json`), { force: true });
  for (const each of pids) {
    try {
      process.kill(each, 'SIGUSR2');
    } catch {
      // A worker that ended meanwhile (replaced): nothing to read from it.
    }
  }
  const delays: LoopDelay[] = [];
  const until = performance.now() + LOOP_DELAY_TIMEOUT_MS;
  for (const each of pids) {
    const file = path.join(dir, `${each}.json`);
    while (!existsSync(file) && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, LOOP_DELAY_POLL_MS));
    // A child that is not a flow worker (none today) has no monitor and writes nothing.
    if (existsSync(file)) delays.push(JSON.parse(readFileSync(file, 'utf8')) as LoopDelay);
  }
  return delays;
}

/** Calls the open API back to back with POLL_EVERY_MS between calls; the longest call is the runtime's longest stall. */
function poll(url: string): { stop: () => Promise<number> } {
  let running = true;
  let longest = 0;
  let failure: unknown;
  const loop = (async () => {
    while (running) {
      const at = performance.now();
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"probe"}' });
      await response.arrayBuffer();
      longest = Math.max(longest, performance.now() - at);
      await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
    }
  })().catch((error: unknown) => {
    // Kept for stop(): a failed bench still stops its server and removes its folders.
    failure = error;
  });
  return {
    stop: async () => {
      running = false;
      await loop;
      if (failure !== undefined) throw failure;
      return longest;
    },
  };
}

type Watched = { ms: number; stall: number; listenerDelay: number };

/** How long `action` takes, with the longest probe call and listener loop delay meanwhile. */
async function watched(server: BenchServer, loopDelayDir: string, probeUrl: string, action: () => Promise<void>): Promise<Watched> {
  const probe = poll(probeUrl);
  await loopDelays(server.pid, loopDelayDir);
  const at = performance.now();
  await action();
  const ms = performance.now() - at;
  const delays = await loopDelays(server.pid, loopDelayDir);
  const stall = await probe.stop();
  return { ms, stall, listenerDelay: delays.find((delay) => delay.pid === server.pid)?.maxMs ?? Number.NaN };
}

async function measure(server: BenchServer, loopDelayDir: string): Promise<void> {
  const seeded = performance.now();
  for (let from = 0; from < APIS; from += IMPORT_BATCH) {
    await server.admin('POST', '/workspace/import', { file: workspaceFile(from, Math.min(APIS, from + IMPORT_BATCH)), onConflict: 'rename' });
  }
  console.log(`Seeded ${APIS} published APIs in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

  const probeUrl = `${server.runtimeUrl}/dev/bench/0/items/1`;
  const ready = performance.now();
  // The flow workers compile what the import published after it answers: wait until the open API answers.
  for (;;) {
    const check = await fetch(probeUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"probe"}' });
    const text = await check.text();
    if (check.status === 200) break;
    if (performance.now() - ready > READY_TIMEOUT_MS) throw new Error(`The open API answered ${check.status}: ${text}`);
  }
  console.log(`The open API answered after ${((performance.now() - ready) / 1000).toFixed(1)} s`);

  // Built once before the publishes, so the first request after them shows what a publish costs the document.
  const firstBuild = await watched(server, loopDelayDir, probeUrl, async () => {
    await (await fetch(`${server.runtimeUrl}/dev/openapi.json`)).arrayBuffer();
  });

  const created: string[] = [];
  for (let round = 0; round < PUBLISH_ROUNDS; round += 1) {
    const made = (await server.admin('POST', '/apis', api(APIS + round))) as { id: string };
    created.push(made.id);
  }
  // The same watch without publishes first: what the machine's own load costs, to read the figures against.
  const idleProbe = poll(probeUrl);
  await loopDelays(server.pid, loopDelayDir);
  await new Promise((resolve) => setTimeout(resolve, IDLE_WATCH_MS));
  const idleDelays = await loopDelays(server.pid, loopDelayDir);
  const idleStall = await idleProbe.stop();
  const idleListenerDelay = idleDelays.find((delay) => delay.pid === server.pid)?.maxMs ?? Number.NaN;

  const probe = poll(probeUrl);
  await new Promise((resolve) => setTimeout(resolve, 200));
  await loopDelays(server.pid, loopDelayDir);
  const publishes: number[] = [];
  for (const id of created) {
    const at = performance.now();
    await server.admin('POST', `/apis/${id}/publish`, { environment: 'dev' });
    publishes.push(performance.now() - at);
  }
  const delays = await loopDelays(server.pid, loopDelayDir);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const stall = await probe.stop();
  const listenerDelay = delays.find((delay) => delay.pid === server.pid)?.maxMs ?? Number.NaN;
  const workerDelays = delays.filter((delay) => delay.pid !== server.pid).map((delay) => delay.maxMs);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const rss = rssMb(server.pid);

  const openApi: number[] = [];
  let bytes = 0;
  const rebuild = await watched(server, loopDelayDir, probeUrl, async () => {
    bytes = (await (await fetch(`${server.runtimeUrl}/dev/openapi.json`)).arrayBuffer()).byteLength;
  });
  openApi.push(rebuild.ms);
  for (let round = 1; round < OPENAPI_ROUNDS; round += 1) {
    const at = performance.now();
    const response = await fetch(`${server.runtimeUrl}/dev/openapi.json`);
    bytes = (await response.arrayBuffer()).byteLength;
    openApi.push(performance.now() - at);
  }

  const row = (label: string, value: number, unit: string, target: number): string =>
    `| ${label} | ${value.toFixed(1)} ${unit} | ≤ ${target} ${unit} | ${value <= target ? 'met' : 'MISSED'} |`;
  console.log(`\nWith ${APIS} published APIs:\n`);
  console.log('| measure | value | target | |');
  console.log('|---|---:|---:|---|');
  console.log(row(`one more publish (median of ${PUBLISH_ROUNDS})`, median(publishes), 'ms', TARGETS.publishMs));
  console.log(row('longest runtime stall during publishes (an open API polled)', stall, 'ms', TARGETS.stallMs));
  console.log(row('longest event-loop delay of the listener during publishes', listenerDelay, 'ms', TARGETS.stallMs));
  console.log(row('server RSS', rss, 'MB', TARGETS.rssMb));
  console.log(row(`repeated /dev/openapi.json (median of ${OPENAPI_ROUNDS}, ${(bytes / 1024).toFixed(0)} KB)`, median(openApi.slice(1)), 'ms', TARGETS.openApiMs));
  console.log(`\npublishes (ms): ${publishes.map((value) => value.toFixed(1)).join(', ')}`);
  console.log(`longest event-loop delay of each flow worker (ms): ${workerDelays.map((value) => value.toFixed(1)).join(', ')}`);
  const during = (what: Watched): string => `${what.ms.toFixed(1)} ms (longest probe call ${what.stall.toFixed(1)} ms, listener loop delay ${what.listenerDelay.toFixed(1)} ms)`;
  console.log(`/dev/openapi.json, built on the runtime listener: first since start ${during(firstBuild)}; first after the publishes ${during(rebuild)}`);
  console.log(`without publishes, over ${IDLE_WATCH_MS / 1000} s: longest probe call ${idleStall.toFixed(1)} ms, longest listener loop delay ${idleListenerDelay.toFixed(1)} ms`);
  console.log(`load average: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
}

// The server and its workers load the loop-delay monitor; the bench itself does not.
const loopDelayDir = mkdtempSync(path.join(tmpdir(), 'flowgate-loop-delay-'));
const monitor = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'loop-delay.js')).href;
process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import=${monitor}`.trim();
process.env.FLOWGATE_LOOP_DELAY_DIR = loopDelayDir;
const server = await startServer();
try {
  await measure(server, loopDelayDir);
} finally {
  await server.stop();
  server.remove();
  rmSync(loopDelayDir, { recursive: true, force: true });
}
