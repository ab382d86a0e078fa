import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: integration and e2e files start real servers and browsers.
    fileParallelism: true,
    maxWorkers: 2,
    // expect.poll waits for what a user would see (an autosave, a refresh); 1 s flakes on a busy 2-core CI.
    expect: { poll: { timeout: 5_000, interval: 50 } },
  },
});
