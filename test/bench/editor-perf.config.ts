import path from 'node:path';
import { defineConfig } from 'vitest/config';

/** `npm run bench:editor`: the editor's frame times on a 1000-node flow, with the suite's temp root and Chromium. */
export default defineConfig({
  root: path.resolve(import.meta.dirname, '..', '..'),
  test: {
    include: ['test/bench/editor-perf.test.ts'],
    globalSetup: ['test/setup/global.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // One browser alone, so the figures measure the editor and not a neighbouring test.
    maxWorkers: 1,
    expect: { poll: { timeout: 20_000, interval: 50 } },
  },
});
