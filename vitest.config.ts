import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The editor's frame-time benchmark runs on its own: npm run bench:editor.
    exclude: [...configDefaults.exclude, 'test/bench/**'],
    // One temp root for the run (removed after it, even on Ctrl+C) and the e2e tests' Chromium, resolved once.
    globalSetup: ['test/setup/global.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: integration and e2e files start real servers and browsers.
    fileParallelism: true,
    maxWorkers: 2,
    // expect.poll waits for what a user would see (an autosave, a refresh); 1 s flakes on a busy 2-core CI.
    expect: { poll: { timeout: 5_000, interval: 50 } },
  },
});
