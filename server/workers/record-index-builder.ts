/**
 * The record indexes' builder: a thread of the listener's process with its own workspace connection,
 * filling and dropping index key tables a chunk (a short write transaction) at a time, so the event
 * loop that serves requests never runs a build and other writers wait at most one chunk. Entry
 * point; see server/workspace/record-indexes.ts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { CHUNK_BUDGET_MS, RecordIndexFill } from '../workspace/record-index-fill.js';
import type { FromIndexBuilder, IndexBuilderData, ToIndexBuilder } from '../workspace/record-indexes.js';
import { openWorkerDatabase } from './worker-database.js';

/** Between chunks the lock is free at least as long as a chunk holds it, so waiting writers get their turn. */
const PAUSE_MS = CHUNK_BUDGET_MS;
/** After a failed chunk (a full disk), wait this long before trying again. */
const RETRY_AFTER_FAILURE_MS = 5_000;

const port = parentPort!;
const db = openWorkerDatabase((workerData as IndexBuilderData).dbFile);
const fill = new RecordIndexFill(db);
let running = false;
let stopping = false;

const send = (message: FromIndexBuilder): void => port.postMessage(message);

async function run(): Promise<void> {
  if (running) return;
  running = true;
  while (!stopping) {
    let worked: boolean;
    try {
      worked = fill.step();
    } catch (error) {
      send({ kind: 'failed', message: `${error instanceof Error ? error.message : String(error)}; trying again in ${RETRY_AFTER_FAILURE_MS / 1000} s` });
      await sleep(RETRY_AFTER_FAILURE_MS);
      continue;
    }
    if (!worked) break;
    await sleep(PAUSE_MS);
  }
  running = false;
  if (!stopping) send({ kind: 'idle' });
}

port.on('message', (message: ToIndexBuilder) => {
  if (message.kind === 'wake') {
    void run();
    return;
  }
  // A chunk is one synchronous transaction, so none is open here: what is unfinished resumes at the next start.
  stopping = true;
  db.close();
  process.exit(0);
});
