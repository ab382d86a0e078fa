/**
 * `npm run bench:records`: the record store at scale, through the published runtime on loopback.
 * Seeds `people` to each size through the bulk import (50,000 records a request), then measures
 * record.get and record.query (an equality filter on an indexed field) with wrk; at the largest size
 * it publishes a query on a new field and measures how long its index takes to build and what
 * reads and writes wait meanwhile; last, on the stopped server's file, the native kinds of index.
 * Never part of `npm test`. Sizes: RECORDS_SIZES=1000,100000 (default 1,000 / 100,000 / 200,000 / 1,000,000).
 * RECORDS_EXTRAS=off skips the index build and the kinds of index (minutes at a million records).
 */
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { autocannon, hasWrk, wrk, type LoadResult } from './load.js';
import { CHUNK_BUDGET_MS } from '../../server/workspace/record-index-fill.js';
import { compareIndexKinds } from './records-native.js';
import { publish, recordApi, startServer, type BenchServer } from './records-server.js';

const SIZES = (process.env.RECORDS_SIZES ?? '1000,100000,200000,1000000').split(',').map(Number);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = 2;
/** Records per bulk import request: about 7 MB, under the admin API's 10 MB. */
const IMPORT_BATCH = 50_000;
/** Each team holds 1% of the people: 10 at 1,000 records, 10,000 at 1,000,000. */
const TEAMS = 100;
const INDEX_POLL_MS = 100;
/** Readers and one writer call the runtime during the build, each waiting for its answer before the next call. */
const PROBE_READERS = 4;
const PROBE_WRITE_EVERY_MS = 20;
const BASELINE_MS = 2_000;
const EXTRAS = process.env.RECORDS_EXTRAS !== 'off';
/** Linux's clock ticks per second in /proc/<pid>/stat (USER_HZ). */
const TICKS_PER_SECOND = 100;

const person = (n: number) => ({
  id: `p${n}`,
  name: `Person ${n}`,
  email: `person${n}@example.com`,
  team: `team-${n % TEAMS}`,
  age: 18 + (n % 60),
  createdAt: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString(),
});

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const ms = (value: number): string => (Number.isNaN(value) ? '—' : value < 10 ? value.toFixed(2) : value.toFixed(0));
const count = (value: number): string => value.toLocaleString('en');

async function seedTo(server: BenchServer, from: number, to: number): Promise<number> {
  const started = performance.now();
  for (let start = from; start < to; start += IMPORT_BATCH) {
    const records = Array.from({ length: Math.min(IMPORT_BATCH, to - start) }, (_, at) => person(start + at));
    await server.admin('POST', '/collections/people/records', { records });
  }
  return performance.now() - started;
}

async function indexesReady(server: BenchServer): Promise<void> {
  for (;;) {
    const collections = (await server.admin('GET', '/collections')) as { name: string; indexes: { state: string }[] }[];
    if (collections.every((collection) => collection.indexes.every((index) => index.state === 'ready'))) return;
    await new Promise((resolve) => setTimeout(resolve, INDEX_POLL_MS));
  }
}

type Sample = { at: number; ms: number };

/** Calls `call` in `workers` loops until stopped, each waiting `gapMs` between calls, keeping every latency. */
function probe(call: () => Promise<Response>, workers: number, gapMs = 0): { stop: () => Promise<Sample[]> } {
  const samples: Sample[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      const at = performance.now();
      const response = await call();
      await response.arrayBuffer();
      samples.push({ at, ms: performance.now() - at });
      if (gapMs) await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
  });
  return { stop: async () => ((running = false), await Promise.all(loops), samples) };
}

const stats = (samples: Sample[], from: number, to: number) => {
  const values = samples.filter((sample) => sample.at >= from && sample.at < to).map((sample) => sample.ms);
  return { n: values.length, p50: percentile(values, 50), p99: percentile(values, 99), max: Math.max(...values) };
};

/** Publishes a query on a field nothing indexes yet and watches the runtime while its index is filled. */
async function buildStall(server: BenchServer, records: number): Promise<void> {
  let written = 0;
  const reads = probe(() => fetch(`${server.runtimeUrl}/dev/people/p${Math.floor(Math.random() * records)}`), PROBE_READERS);
  const writes = probe(
    () => fetch(`${server.runtimeUrl}/dev/people`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: `w${written++}`, team: 'team-1', age: 99 }) }),
    1,
    PROBE_WRITE_EVERY_MS,
  );
  const baselineFrom = performance.now();
  await new Promise((resolve) => setTimeout(resolve, BASELINE_MS));
  const buildFrom = performance.now();
  await publish(server, recordApi('People by age', 'GET', '/people/by-age', { type: 'record.query', config: { collection: 'people', filter: '{"age": $number(request.query.age)}', sort: '' } }));
  const published = performance.now();
  await indexesReady(server);
  const buildTo = performance.now();
  const [readSamples, writeSamples] = await Promise.all([reads.stop(), writes.stop()]);
  const rows = [
    ['reads (record.get), before', stats(readSamples, baselineFrom, buildFrom)],
    ['reads, while the publish is answered', stats(readSamples, buildFrom, published)],
    ['reads, while the index is filled', stats(readSamples, published, buildTo)],
    ['writes (record.insert), before', stats(writeSamples, baselineFrom, buildFrom)],
    ['writes, while the publish is answered', stats(writeSamples, buildFrom, published)],
    ['writes, while the index is filled', stats(writeSamples, published, buildTo)],
  ] as const;
  console.log(`\nIndex on "age" over ${count(records)} records: publish answered in ${ms(published - buildFrom)} ms, index ready ${((buildTo - published) / 1000).toFixed(1)} s later`);
  console.log('| calls | n | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|');
  for (const [what, s] of rows) console.log(`| ${what} | ${s.n} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.max)} |`);
}

/** CPU ms a process has used so far (user + system), from /proc/<pid>/stat; 0 once it is gone. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The server's child processes (its flow workers), from every thread's children list. */
function childrenOf(pid: number): number[] {
  try {
    const tasks = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return tasks.trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** CPU used by the listener (the server process) and by its workers together. */
function cpuSplit(pid: number): { listener: number; workers: number } {
  return { listener: cpuMs(pid), workers: childrenOf(pid).reduce((sum, child) => sum + cpuMs(child), 0) };
}

type Measured = LoadResult & { listenerCpuMs: number; workerCpuMs: number };

/** Rounds of load, each with the CPU per request the listener and the workers spent on it. */
async function measure(load: typeof wrk, url: string, pid: number, connections = CONNECTIONS): Promise<Measured[]> {
  const runs: Measured[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const before = cpuSplit(pid);
    const result = await load({ url, connections, seconds: SECONDS, headers: {} });
    const after = cpuSplit(pid);
    const requests = Math.max(1, result.requestsPerSecond * SECONDS);
    runs.push({ ...result, listenerCpuMs: (after.listener - before.listener) / requests, workerCpuMs: (after.workers - before.workers) / requests });
  }
  return runs;
}

async function main(): Promise<void> {
  const load = (await hasWrk()) ? wrk : autocannon;
  console.log(`record store at scale · ${CONNECTIONS} connections · ${SECONDS} s × ${ROUNDS} rounds (medians) · sizes ${SIZES.map(count).join(' / ')}`);
  const server = await startServer();
  try {
    await publish(server, recordApi('Get person', 'GET', '/people/:id', { type: 'record.get', config: { collection: 'people', id: 'request.params.id' } }));
    await publish(server, recordApi('People by team', 'GET', '/people', { type: 'record.query', config: { collection: 'people', filter: '{"team": request.query.team}', sort: '' } }));
    await publish(server, recordApi('Add person', 'POST', '/people', { type: 'record.insert', config: { collection: 'people', document: 'request.body' } }));
    const table: string[] = [];
    let seeded = 0;
    for (const size of SIZES) {
      const seedMs = await seedTo(server, seeded, size);
      const rate = ((size - seeded) / seedMs) * 1000;
      seeded = size;
      await indexesReady(server);
      const getUrl = `${server.runtimeUrl}/dev/people/p${Math.floor(size / 2)}`;
      const queryUrl = `${server.runtimeUrl}/dev/people?team=team-7`;
      for (const url of [getUrl, queryUrl]) await load({ url, connections: CONNECTIONS, seconds: WARMUP_SECONDS, headers: {} });
      const get = await measure(load, getUrl, server.pid);
      const query = await measure(load, queryUrl, server.pid);
      // One connection: the latency of a request on its own, not of a queue behind 31 others.
      const getAlone = await measure(load, getUrl, server.pid, 1);
      const queryAlone = await measure(load, queryUrl, server.pid, 1);
      const errors = [...get, ...query, ...getAlone, ...queryAlone].reduce((sum, run) => sum + run.errors, 0);
      const p50 = (runs: LoadResult[]): string => ms(median(runs.map((r) => r.p50Ms)));
      const p99 = (runs: LoadResult[]): string => ms(median(runs.map((r) => r.p99Ms)));
      const rps = (runs: LoadResult[]): string => count(Math.round(median(runs.map((r) => r.requestsPerSecond))));
      const cpu = (runs: Measured[]): string => `${ms(median(runs.map((r) => r.listenerCpuMs)))} + ${ms(median(runs.map((r) => r.workerCpuMs)))}`;
      const row = `| ${count(size)} | ${p50(getAlone)} | ${p50(get)} | ${p99(get)} | ${rps(get)} | ${cpu(get)} | ${p50(queryAlone)} | ${p50(query)} | ${p99(query)} | ${rps(query)} | ${cpu(query)} | ${count(Math.round(rate))}/s | ${errors} |`;
      table.push(row);
      console.log(row);
    }
    console.log(`\n| records in \`people\` | record.get p50 ms (1 conn) | get p50 ms (${CONNECTIONS} conns) | get p99 ms | get req/s | get CPU ms/req (listener + workers) | record.query \`team = ?\` p50 ms (1 conn) | query p50 ms (${CONNECTIONS} conns) | query p99 ms | query req/s | query CPU ms/req (listener + workers) | seeding (bulk import) | errors |`);
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const row of table) console.log(row);
    if (EXTRAS) await buildStall(server, seeded);
  } finally {
    await server.stop();
  }
  try {
    if (!EXTRAS) return;
    const db = new Database(server.dbFile, { readonly: true });
    const { id } = db.prepare(`SELECT id FROM record_indexes WHERE collection = 'people' AND fields = '["team"]'`).get() as { id: number };
    db.close();
    const keyTableSql = `SELECT r.data AS data FROM record_keys_${id} AS k CROSS JOIN records AS r ON r.row_id = k.row_id WHERE k.k1 = ? ORDER BY k.seq LIMIT 51`;
    console.log(`\nKinds of index on "team" over ${count(SIZES.at(-1)!)} records, in-process (no HTTP), an equality page of 50:`);
    console.log('| kind | build ms (write lock held throughout) | query p50 ms | plan |\n|---|---:|---:|---|');
    for (const kind of compareIndexKinds(server.dbFile, 'people', 'team', (n) => `team-${n % TEAMS}`, keyTableSql)) {
      console.log(`| ${kind.kind} | ${Number.isNaN(kind.buildMs) ? `chunks of ~${CHUNK_BUDGET_MS} ms` : ms(kind.buildMs)} | ${ms(kind.queryP50Ms)} | ${kind.plan} |`);
    }
  } finally {
    server.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
