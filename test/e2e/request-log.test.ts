import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../support/serve.js';
import { E2E_STEP_TIMEOUT_MS, launchChromium, screenshot, watchConsole, screenshotOnFailure } from './support/browser.js';

const VIEWPORT = { width: 1440, height: 960 };
/** The audit flags an address after this many 401s within a minute. */
const BURST = 12;

/** GET /orders/:id behind a token, answering the id. */
const getOrder = {
  name: 'Get order',
  method: 'GET',
  path: '/orders/:id',
  auth: { required: true, keyGroupIds: [], scopes: [] },
  flow: {
    nodes: [
      { id: 'n1', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 'n2', type: 'respond', key: 'ok', position: { x: 300, y: 0 }, config: { status: 200, body: "{'order': request.params.id}" } },
    ],
    edges: [{ id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' }],
  },
};

let served: Served;
let browser: Browser;
let page: Page;
let consoleProblems: string[];
let apiId: string;
let token: string;

const rows = () => page.getByTestId('log-row');
const order = (id: string, bearer: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${served.runtimeUrl}/dev/orders/${id}`, { headers: { authorization: `Bearer ${bearer}`, ...headers } });

describe('request log', () => {
  beforeAll(async () => {
    [served, browser] = await Promise.all([serve(), launchChromium()]);
    apiId = (await served.admin('POST', '/apis', getOrder)).body.id;
    expect((await served.admin('POST', `/apis/${apiId}/publish`, { environment: 'dev' })).status).toBe(200);
    token = (await served.admin('POST', '/tokens', { name: 'billing-service', environment: 'dev' })).body.token;
    for (let index = 0; index < 4; index++) expect((await order(`ok-${index}`, token)).status).toBe(200);
    // Someone guessing tokens: a burst of 401s from one address, each on its own path.
    for (let index = 0; index < BURST; index++) expect((await order(`guess-${index}`, `not.a.token${index}`)).status).toBe(401);

    page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
    page.setDefaultTimeout(E2E_STEP_TIMEOUT_MS);
    consoleProblems = watchConsole(page).problems;
    await page.goto(served.loginUrl);
    await page.locator(`[data-testid="api-row"][data-api-id="${apiId}"] .api-row-main`).click();
    await page.getByTestId('node-ok').waitFor();
  });

  screenshotOnFailure('request-log-', () => page);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('lists recent requests with token names, highlights the 401 burst and draws the charts', async () => {
    await page.getByRole('tab', { name: 'Requests', exact: true }).click();
    await expect.poll(() => rows().count()).toBe(4 + BURST);
    const ok = rows().filter({ hasText: '200' }).first();
    expect(await ok.textContent()).toContain('billing-service');
    expect(await ok.textContent()).toContain('Get order');
    expect(await ok.textContent()).toContain('dev');

    const flagged = page.locator('[data-testid="log-row"][data-flags~="auth_burst"]');
    await expect.poll(() => flagged.count()).toBeGreaterThanOrEqual(10);
    expect(await flagged.first().getAttribute('class')).toContain('is-flagged');
    expect(await flagged.first().getByTestId('log-flag').first().textContent()).toBe('401 burst');
    const burst = page.getByTestId('flag-auth-burst');
    await burst.waitFor();
    expect(await burst.textContent()).toMatch(new RegExp(`${BURST} × 401 from`));
    expect(await page.getByTestId('flag-first-use').textContent()).toContain('billing-service');

    for (const chart of ['chart-requests', 'chart-latency']) {
      expect(await page.getByTestId(chart).locator('canvas').count()).toBe(1);
      expect(Number(await page.getByTestId(chart).getAttribute('data-points'))).toBeGreaterThan(0);
    }
    expect(Number(await page.getByTestId('log-charts').getAttribute('data-requests'))).toBe(4 + BURST);
    await screenshot(page, 'request-log-01-burst');
  });

  it('filters by status class and by token, refreshes live and pauses', async () => {
    await page.getByTestId('log-filter-status').selectOption('2xx');
    await expect.poll(() => rows().count()).toBe(4);
    await page.getByTestId('log-filter-status').selectOption('');
    await page.getByTestId('log-filter-token').selectOption({ label: 'billing-service (dev)' });
    await expect.poll(() => rows().count()).toBe(4);

    await order('live', token);
    await expect.poll(() => rows().count(), { timeout: 6_000 }).toBe(5);

    await page.getByTestId('log-pause').click();
    expect(await page.getByTestId('log-pause').textContent()).toBe('Resume');
    await order('while-paused', token);
    await page.waitForTimeout(2_500);
    expect(await rows().count()).toBe(5);
    await page.getByTestId('log-pause').click();
    await expect.poll(() => rows().count(), { timeout: 6_000 }).toBe(6);
    await page.getByTestId('log-filter-token').selectOption('');
  });

  it('shows a logged request’s kept trace on the canvas', async () => {
    const traced = await order('traced', token, { 'x-flowgate-trace': '1' });
    const requestId = traced.headers.get('x-request-id')!;
    const row = page.locator(`[data-testid="log-row"][data-request-id="${requestId}"]`);
    await row.waitFor({ timeout: 6_000 });
    await row.click();
    await expect.poll(() => page.getByTestId('node-ok').getAttribute('data-run')).toBe('ok');
    expect(await page.getByTestId('node-request').getAttribute('data-run')).toBe('ok');
    expect(await page.locator('.step-edge.was-taken').count()).toBe(1);
    await page.getByTestId('node-ok').locator('.step-node-icon').click();
    expect(await page.getByTestId('trace-popover').textContent()).toContain('Request log · dev · v1');
    await screenshot(page, 'request-log-02-trace');

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByTestId('trace-popover').getByRole('button', { name: 'Close' }).click();
    await page.waitForTimeout(300);
    await screenshot(page, 'request-log-03-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(consoleProblems).toEqual([]);
  });
});
