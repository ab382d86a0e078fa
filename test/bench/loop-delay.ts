/**
 * Loaded into the bench's server and its flow workers with `--import` (through NODE_OPTIONS): each
 * process watches its own event loop, and on SIGUSR2 writes the longest delay since the last signal
 * to FLOWGATE_LOOP_DELAY_DIR/<pid>.json, then starts over. Never loaded outside the bench.
 */
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

/** Sampling resolution of the delay histogram. */
const RESOLUTION_MS = 1;
const NS_PER_MS = 1e6;

export type LoopDelay = { pid: number; worker: boolean; maxMs: number; p99Ms: number };

const dir = process.env.FLOWGATE_LOOP_DELAY_DIR;
// Worker threads (the log writer, the index builder) get no signals; their process's main thread answers.
if (dir && isMainThread) {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  process.on('SIGUSR2', () => {
    const delay: LoopDelay = { pid: process.pid, worker: typeof process.send === 'function', maxMs: histogram.max / NS_PER_MS, p99Ms: histogram.percentile(99) / NS_PER_MS };
    // Written aside and renamed: the bench reads the file as soon as it appears.
    const file = path.join(dir, `${process.pid}.json`);
    writeFileSync(`${file}.partial`, JSON.stringify(delay));
    renameSync(`${file}.partial`, file);
    histogram.reset();
  });
}
