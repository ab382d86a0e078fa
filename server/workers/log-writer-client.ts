import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { LogStatus } from '../../shared/api/logs.js';
import { LOG_FLUSH_WAIT_MS } from '../workspace/request-log-rows.js';
import { workerEntry } from './entry.js';
import type { LogRowValues } from './log-rows.js';
import { LOG_STATE, LOG_STATE_BYTES, type LogWriterData, type ToLogWriter } from './log-writer-state.js';

/** Atomics.waitAsync (Node ≥ 16), which the ES2023 lib this project compiles against does not declare. */
const waitAsync = (Atomics as unknown as {
  waitAsync(array: Int32Array, index: number, value: number, timeoutMs: number): { async: false; value: string } | { async: true; value: Promise<string> };
}).waitAsync;

/**
 * The listener's side of the log writer thread: rows go over as one string per batch (a join and a
 * copy, not a transaction), and a read that must see every row so far waits on shared memory
 * without blocking the event loop.
 */
export class LogWriterClient {
  private worker!: Worker;
  private status!: MessagePort;
  private readonly shared = new SharedArrayBuffer(LOG_STATE_BYTES);
  private readonly ints = new Int32Array(this.shared, 0, LOG_STATE.intSlots);
  private readonly numbers = new Float64Array(this.shared, LOG_STATE.intSlots * Int32Array.BYTES_PER_ELEMENT, LOG_STATE.numberSlots);
  private sent = 0;
  /** Rows per batch not yet written: counted as dropped if the thread dies before writing them. */
  private readonly unwritten = new Map<number, number>();
  private lastError: string | null = null;
  private closed = false;

  constructor(
    private readonly dbFile: string,
    private readonly maxRows: number,
  ) {
    this.start();
  }

  private start(): void {
    const channel = new MessageChannel();
    this.status = channel.port1;
    this.status.unref();
    const entry = workerEntry('log-writer');
    const data: LogWriterData = { dbFile: this.dbFile, maxRows: this.maxRows, shared: this.shared, status: channel.port2 };
    this.worker = new Worker(entry.file, { execArgv: entry.execArgv, workerData: data, transferList: [channel.port2] });
    // The listener's process exits when it is done serving; its log writer never holds it open.
    this.worker.unref();
    this.worker.on('error', (error) => console.error('[request-log] the log writer failed:', error));
    this.worker.on('exit', () => {
      if (this.closed) return;
      const lost = [...this.unwritten.entries()].filter(([seq]) => seq > Atomics.load(this.ints, LOG_STATE.written));
      const rows = lost.reduce((sum, [, count]) => sum + count, 0);
      if (rows > 0) {
        this.numbers[LOG_STATE.droppedRows] = this.numbers[LOG_STATE.droppedRows]! + rows;
        this.numbers[LOG_STATE.lastDroppedAt] = Date.now();
      }
      this.unwritten.clear();
      console.error(`[request-log] the log writer stopped${rows > 0 ? ` (${rows} rows lost)` : ''}; starting another`);
      Atomics.store(this.ints, LOG_STATE.written, this.sent);
      this.start();
    });
  }

  /** Sends rows (each one row's values as JSON) to be written; never waits. */
  send(rows: string[]): void {
    if (rows.length === 0 || this.closed) return;
    const seq = ++this.sent;
    this.unwritten.set(seq, rows.length);
    this.post({ seq, text: rows.join(',') });
  }

  /** Resolves (within LOG_FLUSH_WAIT_MS) once everything sent is written or counted as dropped; the event loop keeps serving meanwhile. */
  async waitWritten(): Promise<void> {
    const target = this.sent;
    const deadline = Date.now() + LOG_FLUSH_WAIT_MS;
    for (;;) {
      const written = Atomics.load(this.ints, LOG_STATE.written);
      if (written >= target) break;
      const left = deadline - Date.now();
      if (left <= 0) {
        console.error('[request-log] the log writer is behind: answering from the rows written so far');
        break;
      }
      const waiting = waitAsync(this.ints, LOG_STATE.written, written, left);
      if (!waiting.async) continue;
      // A pending waitAsync holds no handle: without this the process could end mid-wait (flowgate test closing, say).
      const holdOpen = setTimeout(() => undefined, left);
      try {
        await waiting.value;
      } finally {
        clearTimeout(holdOpen);
      }
    }
    for (const seq of this.unwritten.keys()) if (seq <= Atomics.load(this.ints, LOG_STATE.written)) this.unwritten.delete(seq);
  }

  health(): LogStatus {
    for (let message = receiveMessageOnPort(this.status); message; message = receiveMessageOnPort(this.status)) {
      this.lastError = (message.message as { lastError: string | null }).lastError;
    }
    const failing = Atomics.load(this.ints, LOG_STATE.failing) === 1;
    const lastDroppedAt = this.numbers[LOG_STATE.lastDroppedAt]!;
    return {
      droppedRows: this.numbers[LOG_STATE.droppedRows]!,
      lastDroppedAt: lastDroppedAt === 0 ? null : new Date(lastDroppedAt).toISOString(),
      writing: failing ? 'failing' : 'ok',
      lastError: failing ? this.lastError : null,
    };
  }

  /** Sends what is left, waits for it, and ends the thread after it closed its connection. */
  async close(rows: string[]): Promise<void> {
    if (this.closed) return;
    this.send(rows);
    const seq = ++this.sent;
    this.post({ seq, close: true });
    this.closed = true;
    await this.waitWritten();
    await this.worker.terminate();
  }

  private post(message: ToLogWriter): void {
    this.worker.postMessage(message);
  }
}

/** One row's values in the order of LOG_COLUMNS, as the writer parses them back. */
export const encodeRow = (values: LogRowValues): string => JSON.stringify(values);
