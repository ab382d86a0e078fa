/**
 * record.query with an equality filter at 200,000 records, PostgreSQL (jsonb, an expression index)
 * against SQLite (the key table), through the same RecordStore interface in this process (no HTTP):
 * what the storage engine costs a query, apart from the listener. Seeds each engine in batches of
 * one multi-row INSERT. Run: npm run build:server && node dist/test/bench/records-postgres.js
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeStorage, openStorage, type Storage } from '../../server/storage/storage.js';
import { recordIndexesFor, recordStoreFor, sandboxesFor, sandboxRecordStoreFor } from '../../server/workspace/record-storage.js';
import type { RecordPageQuery, RecordStore } from '../../server/workspace/record-store.js';
import { startBenchPostgres } from './postgres.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 200_000);
/** Records per seeding statement. */
const SEED_BATCH = 5_000;
/** Distinct teams: each filter value matches RECORDS / TEAMS records. */
const TEAMS = 1_000;
const PAGE_LIMIT = 50;
const WARMUP_QUERIES = 50;
const TIMED_QUERIES = 500;
const COLLECTION = 'people';

type Result = { engine: string; seedMs: number; indexMs: number; p50Ms: number; p99Ms: number; countP50Ms: number; draftP50Ms: number; roundTripP50Ms: number };
/** Records a Draft session changes before its pages are timed. */
const DRAFT_CHANGES = 100;
const SANDBOX = 'sbx_bench_aaaaaaaaaaaaaaaa';

const percentile = (sorted: readonly number[], share: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))]!;
const personOf = (n: number): Record<string, unknown> => ({ id: `p${n}`, n, team: `team-${n % TEAMS}`, name: `Person ${n}`, email: `person${n}@example.com`, age: 18 + (n % 60) });

async function seed(storage: Storage): Promise<void> {
  for (let start = 0; start < RECORDS; start += SEED_BATCH) {
    const batch = Array.from({ length: Math.min(SEED_BATCH, RECORDS - start) }, (_, at) => personOf(start + at));
    if (storage.engine === 'postgres') {
      await storage.pg.run(
        `INSERT INTO records (collection, id, data)
         SELECT $1, e.record ->> 'id', e.record FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(record, n) ORDER BY e.n`,
        [COLLECTION, JSON.stringify(batch)],
      );
    } else {
      const values = batch.map(() => '(?, ?, ?, ?)').join(', ');
      storage.db.prepare(`INSERT INTO records (collection, id, seq, data) VALUES ${values}`).run(...batch.flatMap((record) => [COLLECTION, record.id, (record.n as number) + 1, JSON.stringify(record)]));
    }
  }
  if (storage.engine === 'postgres') await storage.pg.run('ANALYZE records');
}

async function measure(engine: string, storage: Storage): Promise<Result> {
  let started = performance.now();
  await seed(storage);
  const seedMs = performance.now() - started;
  const indexes = recordIndexesFor(storage, (message) => console.error(message));
  started = performance.now();
  await indexes.reconcile([{ collection: COLLECTION, fields: ['team'] }]);
  await indexes.whenIdle();
  const indexMs = performance.now() - started;
  const live = recordStoreFor(storage);
  const time = async (query: (n: number) => RecordPageQuery, store: RecordStore = live): Promise<number[]> => {
    for (let n = 0; n < WARMUP_QUERIES; n++) await store.page(COLLECTION, query(n));
    const times: number[] = [];
    for (let n = 0; n < TIMED_QUERIES; n++) {
      const at = performance.now();
      const page = await store.page(COLLECTION, query(n));
      times.push(performance.now() - at);
      if (page.items.length !== PAGE_LIMIT) throw new Error(`expected ${PAGE_LIMIT} records, got ${page.items.length}`);
    }
    return times.sort((a, b) => a - b);
  };
  const plain = await time((n) => ({ filter: { team: `team-${(n * 37) % TEAMS}` }, sort: '', limit: PAGE_LIMIT }));
  const counted = await time((n) => ({ filter: { team: `team-${(n * 37) % TEAMS}` }, sort: '', limit: PAGE_LIMIT, count: true }));
  await sandboxesFor(storage).touch(SANDBOX);
  const draft = sandboxRecordStoreFor(storage, live, SANDBOX);
  for (let n = 0; n < DRAFT_CHANGES; n++) await draft.update(COLLECTION, `p${n * 7}`, { age: 99 });
  const drafted = await time((n) => ({ filter: { team: `team-${(n * 37) % TEAMS}` }, sort: '', limit: PAGE_LIMIT }), draft);
  // The least a query can cost: on SQLite a prepared SELECT 1, on PostgreSQL one loopback round trip.
  const roundTrips: number[] = [];
  for (let n = 0; n < TIMED_QUERIES; n++) {
    const at = performance.now();
    if (storage.engine === 'postgres') await storage.pg.one('SELECT 1');
    else storage.db.prepare('SELECT 1').get();
    roundTrips.push(performance.now() - at);
  }
  await indexes.stop();
  return {
    roundTripP50Ms: percentile(roundTrips.sort((a, b) => a - b), 0.5), engine, seedMs, indexMs, p50Ms: percentile(plain, 0.5), p99Ms: percentile(plain, 0.99), countP50Ms: percentile(counted, 0.5), draftP50Ms: percentile(drafted, 0.5) };
}

async function main(): Promise<void> {
  const results: Result[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'flowgate-bench-records-'));
  try {
    const sqlite = await openStorage({ dbFile: path.join(dir, 'ws.db') });
    try {
      results.push(await measure('SQLite (key table)', sqlite));
    } finally {
      await closeStorage(sqlite);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const cluster = await startBenchPostgres();
  try {
    const postgres = await openStorage({ dbFile: '', databaseUrl: await cluster.database('records') });
    try {
      results.push(await measure('PostgreSQL (jsonb, expression index)', postgres));
    } finally {
      await closeStorage(postgres);
    }
  } finally {
    await cluster.stop();
  }
  const round = (ms: number): string => ms.toFixed(3);
  console.log(`\nrecord.query page (equality filter, ${RECORDS / TEAMS} matches, limit ${PAGE_LIMIT}) at ${RECORDS.toLocaleString('en')} records, ${TIMED_QUERIES} queries, one at a time, in process:`);
  console.log(`| engine | seed s | index build ms | p50 ms | p99 ms | p50 with count ms | Draft p50 ms (${DRAFT_CHANGES} changed) | SELECT 1 p50 ms |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) console.log(`| ${r.engine} | ${(r.seedMs / 1000).toFixed(1)} | ${Math.round(r.indexMs)} | ${round(r.p50Ms)} | ${round(r.p99Ms)} | ${round(r.countP50Ms)} | ${round(r.draftP50Ms)} | ${round(r.roundTripP50Ms)} |`);
}

await main();
