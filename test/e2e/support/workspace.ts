import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { serve, type Served } from '../../support/serve.js';
import { E2E_STEP_TIMEOUT_MS, launchChromium, screenshot, watchConsole } from './browser.js';

/** One test's own world: a workspace served by its own `flowgate serve`, and a browser context on it. */
export type EditorWorld = {
  served: Served;
  context: BrowserContext;
  page: Page;
  /** Console errors and warnings and page errors seen so far. */
  problems: string[];
  /** Opens the editor through the one-time login link and waits for it to be drawn. */
  signIn: () => Promise<void>;
};

/**
 * An e2e test drives a browser and a server through many steps, each several times slower on a busy
 * two-core machine; each step has its own 15 s limit, so this only has to catch a hang. The longest
 * (walkthrough) took 38 s with two busy loops beside the suite.
 */
export const E2E_TEST_TIMEOUT_MS = 120_000;

type Options = {
  viewport: { width: number; height: number };
  /** Names the failure screenshot: `<prefix>failed-<test name>`. */
  screenshotPrefix: string;
  context?: Omit<BrowserContextOptions, 'viewport'>;
};

/**
 * Gives each test of the file a new workspace and a new browser context (one browser per file), so no test
 * depends on what another built; the test sets up what it is not about through the admin API, then signs in.
 * A failing test leaves a screenshot named after it. The returned world is this test's, read it inside tests.
 */
export function editorPerTest(options: Options): EditorWorld {
  vi.setConfig({ testTimeout: E2E_TEST_TIMEOUT_MS });
  let browser: Browser | undefined;
  let current: EditorWorld | undefined;
  const world = new Proxy({} as EditorWorld, {
    get(_target, name: keyof EditorWorld) {
      if (!current) throw new Error(`the editor world is made for each test: read ${String(name)} inside a test`);
      return current[name];
    },
  });

  beforeAll(async () => {
    browser = await launchChromium();
  });
  beforeEach(async () => {
    const served = await serve();
    const context = await browser!.newContext({ viewport: options.viewport, ...options.context });
    const page = await context.newPage();
    page.setDefaultTimeout(E2E_STEP_TIMEOUT_MS);
    const { problems } = watchConsole(page);
    const signIn = async (): Promise<void> => {
      await page.goto(served.loginUrl);
      await page.locator('.top-bar').waitFor();
    };
    current = { served, context, page, problems, signIn };
  });
  afterEach(async (test) => {
    const ending = current;
    current = undefined;
    if (!ending) return;
    try {
      if (test.task.result?.state === 'fail') await screenshot(ending.page, `${options.screenshotPrefix}failed-${test.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
    } catch (error) {
      // A page that crashed takes no screenshot; the test's own failure says more than this would.
      process.stderr.write(`No failure screenshot of "${test.task.name}": ${(error as Error).message}\n`);
    } finally {
      await ending.context.close();
      await ending.served.stop();
    }
  });
  afterAll(async () => {
    await browser?.close();
  });
  return world;
}
