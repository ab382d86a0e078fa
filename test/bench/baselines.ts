/**
 * The baselines of `npm run bench`, each run as its own process:
 *   node dist/test/bench/baselines.js memory|sqlite|sqlite-counted [processes]
 * A bare node:http handler answering GET /dev/users/:id with the record the published flow reads:
 * from memory, or from a SQLite file (the records table, read as Flowgate's record store reads it).
 * With processes > 1, node:cluster shares the port among that many; `sqlite-counted` also asks the
 * primary to count each request before answering, as exact rate limits shared by several listener
 * processes would (rate-limiter-flexible's RateLimiterCluster does one such round trip per request).
 * Prints `PORT n` once listening.
 */
import cluster from 'node:cluster';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BENCH_COLLECTION, BENCH_RECORD } from './fixture.js';

type Source = 'memory' | 'sqlite' | 'sqlite-counted';
type ReadRecord = (id: string) => string | undefined;

/** A SQLite file holding the bench record, laid out as the workspace's records table. */
function sqliteReader(file: string): ReadRecord {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const get = db.prepare('SELECT data FROM records WHERE collection = ? AND id = ?');
  // Parsed and serialized again, as a record store hands a value to the flow and the answer is written from it.
  return (id) => {
    const row = get.get(BENCH_COLLECTION, id) as { data: string } | undefined;
    return row && JSON.stringify(JSON.parse(row.data));
  };
}

function seed(file: string): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE records (collection TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (collection, id)) STRICT');
  db.prepare('INSERT INTO records VALUES (?, ?, 1, ?)').run(BENCH_COLLECTION, BENCH_RECORD.id, JSON.stringify(BENCH_RECORD));
  db.close();
}

/** Counts a request in the primary and calls back once it answered: one IPC round trip. */
type Count = (key: string, then: () => void) => void;

function primaryCounter(): Count {
  const waiting = new Map<number, () => void>();
  let next = 0;
  process.on('message', (message: { counted: number }) => {
    const then = waiting.get(message.counted);
    waiting.delete(message.counted);
    then?.();
  });
  return (key, then) => {
    const id = next++;
    waiting.set(id, then);
    process.send!({ count: key, id });
  };
}

function serve(read: ReadRecord, count: Count | undefined, onListening: (port: number) => void): void {
  const server = createServer((req, res) => {
    const match = /^\/dev\/users\/([^/?]+)/.exec(req.url ?? '');
    const answer = (): void => {
      const body = req.method === 'GET' && match ? read(decodeURIComponent(match[1]!)) : undefined;
      if (body === undefined) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (count) count(req.socket.remoteAddress ?? '', answer);
    else answer();
  });
  server.listen(0, '127.0.0.1', () => onListening((server.address() as AddressInfo).port));
  process.on('SIGTERM', () => {
    // The load generator's keep-alive sockets would hold close() open.
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

const memoryReader: ReadRecord = (id) => (id === BENCH_RECORD.id ? JSON.stringify(BENCH_RECORD) : undefined);

function main(): void {
  const source = process.argv[2] as Source | undefined;
  const processes = Number(process.argv[3] ?? 1);
  if ((source !== 'memory' && source !== 'sqlite' && source !== 'sqlite-counted') || !Number.isInteger(processes) || processes < 1) {
    console.error('usage: baselines.js memory|sqlite|sqlite-counted [processes]');
    process.exit(2);
  }
  if (cluster.isWorker) {
    const file = process.env.BENCH_DB;
    const counted = source === 'sqlite-counted' ? primaryCounter() : undefined;
    serve(source !== 'memory' && file ? sqliteReader(file) : memoryReader, counted, (port) => process.send?.({ port }));
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'flowgate-bench-baseline-'));
  const file = path.join(dir, 'records.db');
  seed(file);
  const cleanUp = (): void => rmSync(dir, { recursive: true, force: true });
  process.on('exit', cleanUp);
  if (processes === 1) {
    serve(source === 'memory' ? memoryReader : sqliteReader(file), undefined, (port) => console.log(`PORT ${port}`));
    return;
  }
  let listening = 0;
  const counts = new Map<string, number>();
  for (let i = 0; i < processes; i++) {
    const worker = cluster.fork({ BENCH_DB: file });
    worker.on('message', (message: { port?: number; count?: string; id?: number }) => {
      if (message.count !== undefined) {
        counts.set(message.count, (counts.get(message.count) ?? 0) + 1);
        worker.send({ counted: message.id });
      } else if (++listening === processes) {
        console.log(`PORT ${message.port}`);
      }
    });
  }
  process.on('SIGTERM', () => {
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
  });
}

main();
