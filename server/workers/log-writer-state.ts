import type { MessagePort } from 'node:worker_threads';

/** Where the log writer keeps what the listener reads without a message round trip, in one SharedArrayBuffer. */
export const LOG_STATE = {
  intSlots: 2,
  /** Int32: the last batch written, by sequence number (the listener waits on it). */
  written: 0,
  /** Int32: 1 while writes fail and rows are dropped. */
  failing: 1,
  numberSlots: 2,
  /** Float64: rows dropped since the start. */
  droppedRows: 0,
  /** Float64: epoch ms of the last drop, 0 for none. */
  lastDroppedAt: 1,
} as const;

export const LOG_STATE_BYTES = LOG_STATE.intSlots * Int32Array.BYTES_PER_ELEMENT + LOG_STATE.numberSlots * Float64Array.BYTES_PER_ELEMENT;

export type LogWriterData = { dbFile: string; maxRows: number; shared: SharedArrayBuffer; status: MessagePort };

/** A batch of rows (JSON arrays joined by commas), and/or the last word before the writer closes its connection. */
export type ToLogWriter = { seq: number; text?: string; close?: true };
