import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { serveOn } from '../support/engines.js';
import type { Served } from '../support/serve.js';
import { E2E_STEP_TIMEOUT_MS, launchChromium, screenshot, watchConsole } from './support/browser.js';
import { E2E_TEST_TIMEOUT_MS } from './support/workspace.js';

/**
 * The editor on a `flowgate serve --database postgres://…`: what a builder does first (an API from the
 * CRUD template, published, tried Live in the tester, seen in the request log) works as on SQLite.
 */
describe('the editor on a PostgreSQL workspace', () => {
  vi.setConfig({ testTimeout: E2E_TEST_TIMEOUT_MS });
  let served: Served;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    [served, browser] = await Promise.all([serveOn('postgres'), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1440, height: 960 } });
    page = await context.newPage();
    page.setDefaultTimeout(E2E_STEP_TIMEOUT_MS);
    ({ problems } = watchConsole(page));
  });
  afterEach(async (test) => {
    if (test.task.result?.state === 'fail') await screenshot(page, 'postgres-workspace-failed');
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await served?.stop();
  });

  it('makes APIs from a template, publishes one, answers it in the tester and lists the call in the request log', async () => {
    await page.goto(served.loginUrl);
    await page.locator('.top-bar').waitFor();

    await page.getByTestId('new-api').click();
    await page.getByTestId('start-crud').click();
    await page.getByTestId('crud-collection').fill('books');
    await page.getByTestId('crud-require-token').uncheck();
    await page.getByTestId('create-api').click();
    const createBook = page.getByTestId('api-row').filter({ hasText: 'Create book' });
    await createBook.locator('.api-row-main').click();
    await page.getByTestId('node-created').waitFor();

    await expect.poll(() => page.getByTestId('problems-pill').textContent()).toBe('No problems');
    await page.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
    await page.getByTestId('publish').click();
    await page.getByTestId('publish-confirm').click();
    await page.getByTestId('publish-success').waitFor();
    await page.keyboard.press('Escape');
    await createBook.locator('[data-env="dev"][data-state="live"]').waitFor();

    await page.getByRole('tab', { name: 'Tester', exact: true }).click();
    await page.getByTestId('tester-tab-body').click();
    await page.getByTestId('tester-insert-example').click();
    await page.getByTestId('tester-mode-live').click();
    await page.getByTestId('tester-send').click();
    await page.locator('[data-testid="tester-response"][data-mode="live"][data-status="201"]').waitFor();
    const answer = (await page.getByTestId('tester-body').textContent())!;
    const id = /"id": "([^"]+)"/.exec(answer)?.[1];
    expect(id, answer).toBeDefined();
    await screenshot(page, 'postgres-workspace-01-tester');
    // What the tester showed is in the workspace's PostgreSQL.
    const stored = await served.admin('GET', `/collections/books/records/${id!}`);
    expect(stored.status).toBe(200);
    expect(answer).toContain(`"name": ${JSON.stringify(stored.body.name)}`);

    await page.getByRole('tab', { name: 'Requests', exact: true }).click();
    const row = page.getByTestId('log-row').filter({ hasText: '201' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Create book');
    expect(await row.textContent()).toContain('dev');
    await screenshot(page, 'postgres-workspace-02-request-log');
    expect(problems).toEqual([]);
  });
});
