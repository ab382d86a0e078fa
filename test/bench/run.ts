/**
 * `npm run bench`: published Flowgate APIs against bare node:http handlers serving the same record,
 * all on loopback, measured in one run in alternating rounds so machine drift hits every target alike.
 * Never part of `npm test`. Everything it starts is stopped, and every folder it makes removed, however it ends.
 */
import { availableParallelism } from 'node:os';
import { cpuPerRequest, sampleCpu, type CpuSample } from './cpu.js';
import { autocannon, hasWrk, wrk, type LoadResult } from './load.js';
import { printReport, type Summary } from './report.js';
import { startBaseline, startFlowgate, type Started, type Target } from './targets.js';
import { startBenchPostgres } from './postgres.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = 2;
const CORES = availableParallelism();

const started: Started[] = [];
let stopping: Promise<void> | undefined;
// Servers before the database they use.
const stopAll = (): Promise<void> => (stopping ??= started.reverse().reduce((done, s) => done.then(() => s.stop()), Promise.resolve()));

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function startTargets(): Promise<Target[]> {
  const targets: Target[] = [];
  const keep = <T extends Started>(thing: T): T => (started.push(thing), thing);
  targets.push(keep(await startBaseline('memory', 1)).target);
  targets.push(keep(await startBaseline('sqlite', 1)).target);
  if (CORES > 1) targets.push(keep(await startBaseline('sqlite', CORES)).target);
  targets.push(...keep(await startFlowgate(1, '--workers 1')).targets);
  if (CORES > 1) targets.push(...keep(await startFlowgate(CORES, `--workers ${CORES} (default)`)).targets);
  // The alternatives: every flow in a worker (what isolating bounded plans too would cost), and
  // several listener processes sharing exact counters (the best a node:cluster design could do).
  targets.push(...keep(await startFlowgate(1, '--workers 1, every flow in a worker', { FLOWGATE_INLINE_FLOWS: 'off' })).targets);
  if (CORES > 1) targets.push(keep(await startBaseline('sqlite-counted', CORES)).target);
  // The same server on a PostgreSQL workspace: one replica, then two behind a round-robin balancer.
  if (process.env.BENCH_POSTGRES !== 'off') {
    const postgres = keep(await startBenchPostgres());
    targets.push(...keep(await startFlowgate(1, 'on PostgreSQL, 1 replica --workers 1', {}, { kind: 'postgres', url: await postgres.database('one'), replicas: 1 })).targets);
    targets.push(...keep(await startFlowgate(1, 'on PostgreSQL, 2 replicas --workers 1 + balancer', {}, { kind: 'postgres', url: await postgres.database('two'), replicas: 2 })).targets);
  }
  return targets;
}

async function main(): Promise<void> {
  const useWrk = await hasWrk();
  const load = useWrk ? wrk : autocannon;
  console.log(`Load generator: ${useWrk ? 'wrk' : 'autocannon (install wrk for steadier numbers)'} · ${CONNECTIONS} connections · ${SECONDS} s × ${ROUNDS} rounds per target · ${CORES} cores`);
  const targets = await startTargets();
  const results = new Map<string, LoadResult[]>(targets.map((t) => [t.name, []]));
  for (const target of targets) await load({ url: target.url, connections: CONNECTIONS, seconds: WARMUP_SECONDS, headers: target.headers });
  const cpu = new Map<string, CpuSample[]>(targets.map((t) => [t.name, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const target of targets) {
      const before = sampleCpu(target.pid);
      const result = await load({ url: target.url, connections: CONNECTIONS, seconds: SECONDS, headers: target.headers });
      const spent = cpuPerRequest(before, sampleCpu(target.pid), result.requestsPerSecond * SECONDS);
      results.get(target.name)!.push(result);
      if (spent) cpu.get(target.name)!.push(spent);
      const cpuNote = spent ? `  CPU/req ${spent.own.toFixed(1)} + ${spent.descendants.toFixed(1)} µs` : '';
      console.log(`  round ${round}  ${target.name.padEnd(48)} ${result.requestsPerSecond.toFixed(0).padStart(7)} req/s  p99 ${result.p99Ms.toFixed(2).padStart(6)} ms${cpuNote}`);
    }
  }
  const summary: Summary[] = targets.map((target) => {
    const runs = results.get(target.name)!;
    const spent = cpu.get(target.name)!;
    return {
      target,
      cpuOwn: spent.length ? median(spent.map((c) => c.own)) : undefined,
      cpuDescendants: spent.length ? median(spent.map((c) => c.descendants)) : undefined,
      rps: median(runs.map((r) => r.requestsPerSecond)),
      p50: median(runs.map((r) => r.p50Ms)),
      p99: median(runs.map((r) => r.p99Ms)),
      errors: runs.reduce((sum, r) => sum + r.errors, 0),
    };
  });
  printReport(summary);
}

process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
