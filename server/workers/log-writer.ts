/**
 * The request log's writer: a thread of the listener's process with its own workspace connection,
 * so writing rows never pauses the event loop that serves requests. Entry point; see request-log.ts.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { isStorageFailure } from '../workspace/storage-errors.js';
import { LogRowWriter, type LogRowValues } from './log-rows.js';
import { LOG_STATE, type LogWriterData, type ToLogWriter } from './log-writer-state.js';
import { openWorkerDatabase } from './worker-database.js';

const data = workerData as LogWriterData;
const ints = new Int32Array(data.shared, 0, LOG_STATE.intSlots);
const numbers = new Float64Array(data.shared, LOG_STATE.intSlots * Int32Array.BYTES_PER_ELEMENT, LOG_STATE.numberSlots);
const status: MessagePort = data.status;
const db = openWorkerDatabase(data.dbFile);
const writer = new LogRowWriter(db, data.maxRows);
let lastError: string | null = null;

function dropped(count: number, error: unknown): void {
  numbers[LOG_STATE.droppedRows] = numbers[LOG_STATE.droppedRows]! + count;
  numbers[LOG_STATE.lastDroppedAt] = Date.now();
  const reason = isStorageFailure(error) ? 'the disk is full or failing' : error instanceof Error ? error.message : String(error);
  // Said once when dropping starts, not every flush interval while it lasts.
  if (lastError === null) console.error(`[request-log] dropping rows until writes work again: ${reason}`);
  if (reason !== lastError) status.postMessage({ lastError: reason });
  lastError = reason;
  Atomics.store(ints, LOG_STATE.failing, 1);
}

function write(rows: LogRowValues[]): void {
  try {
    writer.write(rows);
  } catch (error) {
    dropped(rows.length, error);
    return;
  }
  if (lastError !== null) {
    console.error(`[request-log] writing again after dropping ${numbers[LOG_STATE.droppedRows]} rows in all`);
    lastError = null;
    status.postMessage({ lastError: null });
    Atomics.store(ints, LOG_STATE.failing, 0);
  }
  try {
    writer.pruneAfter(rows.length);
  } catch (error) {
    if (!isStorageFailure(error)) console.error('[request-log] could not prune old rows', error);
  }
}

parentPort!.on('message', (message: ToLogWriter) => {
  if (message.text) write(JSON.parse(`[${message.text}]`) as LogRowValues[]);
  if (message.close) db.close();
  // What the listener waits on before it reads the log: everything sent up to here is written (or counted as dropped).
  Atomics.store(ints, LOG_STATE.written, message.seq);
  Atomics.notify(ints, LOG_STATE.written);
});
