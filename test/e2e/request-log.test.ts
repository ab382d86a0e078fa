import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Served } from '../support/serve.js';
import { screenshot } from './support/browser.js';
import { editorPerTest } from './support/workspace.js';

const world = editorPerTest({ viewport: { width: 1440, height: 960 }, screenshotPrefix: 'request-log-' });

/** The audit flags an address after this many 401s within a minute. */
const BURST = 12;
const GOOD_REQUESTS = 4;
/** The panel's refresh period (renderer/panels/request-log/useRequestLog.ts). */
const POLL_MS = 2_000;

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

const rows = (page: Page) => page.getByTestId('log-row');
const order = (served: Served, id: string, bearer: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${served.runtimeUrl}/dev/orders/${id}`, { headers: { authorization: `Bearer ${bearer}`, ...headers } });
const logged = async (served: Served): Promise<number> => (await served.admin('GET', '/logs?limit=200')).body.length;

/**
 * Publishes Get order, issues a token and sends the log its traffic: four good requests, then someone guessing
 * tokens (a burst of 401s from one address, each on its own path). Returns the token.
 */
async function seedTraffic(served: Served): Promise<string> {
  const apiId = (await served.admin('POST', '/apis', getOrder)).body.id;
  expect((await served.admin('POST', `/apis/${apiId}/publish`, { environment: 'dev' })).status).toBe(200);
  const token = (await served.admin('POST', '/tokens', { name: 'billing-service', environment: 'dev' })).body.token as string;
  for (let index = 0; index < GOOD_REQUESTS; index++) expect((await order(served, `ok-${index}`, token)).status).toBe(200);
  for (let index = 0; index < BURST; index++) expect((await order(served, `guess-${index}`, `not.a.token${index}`)).status).toBe(401);
  await expect.poll(() => logged(served)).toBe(GOOD_REQUESTS + BURST);
  return token;
}

/** Signs in, opens Get order and the Requests tab. */
async function openRequestLog(page: Page): Promise<void> {
  await world.signIn();
  await page.getByTestId('api-row').filter({ hasText: 'Get order' }).locator('.api-row-main').click();
  await page.getByTestId('node-ok').waitFor();
  await page.getByRole('tab', { name: 'Requests', exact: true }).click();
}

describe('request log', () => {
  it('lists recent requests with token names, highlights the 401 burst and draws the charts', async () => {
    const { page, served, problems } = world;
    await seedTraffic(served);
    await openRequestLog(page);
    await expect.poll(() => rows(page).count()).toBe(GOOD_REQUESTS + BURST);
    const ok = rows(page).filter({ hasText: '200' }).first();
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
    expect(Number(await page.getByTestId('log-charts').getAttribute('data-requests'))).toBe(GOOD_REQUESTS + BURST);
    await screenshot(page, 'request-log-01-burst');
    expect(problems).toEqual([]);
  });

  it('filters by status class and by token, refreshes live and pauses', async () => {
    const { page, served, problems } = world;
    const token = await seedTraffic(served);
    // The page's clock is the test's: a refresh period passes when the test says so, not after a sleep.
    await page.clock.install();
    await openRequestLog(page);
    await expect.poll(() => rows(page).count()).toBe(GOOD_REQUESTS + BURST);
    await page.getByTestId('log-filter-status').selectOption('2xx');
    await expect.poll(() => rows(page).count()).toBe(GOOD_REQUESTS);
    await page.getByTestId('log-filter-status').selectOption('');
    await page.getByTestId('log-filter-token').selectOption({ label: 'billing-service (dev)' });
    await expect.poll(() => rows(page).count()).toBe(GOOD_REQUESTS);

    await order(served, 'live', token);
    await expect.poll(() => logged(served)).toBe(GOOD_REQUESTS + BURST + 1);
    await page.clock.runFor(POLL_MS);
    await expect.poll(() => rows(page).count()).toBe(GOOD_REQUESTS + 1);

    // Pausing loads the list once more; once those answers are in, nothing refreshes it until Resume.
    const loads: Request[] = [];
    const countLoads = (request: Request): void => {
      if (request.url().includes('/admin/v1/logs?')) loads.push(request);
    };
    page.on('request', countLoads);
    await page.getByTestId('log-pause').click();
    expect(await page.getByTestId('log-pause').textContent()).toBe('Resume');
    await expect.poll(() => loads.length).toBeGreaterThan(0);
    await Promise.all(loads.map((request) => request.response()));
    const loadsBeforeWaiting = loads.length;

    await order(served, 'while-paused', token);
    await expect.poll(() => logged(served)).toBe(GOOD_REQUESTS + BURST + 2);
    await page.clock.runFor(2 * POLL_MS);
    // The page sends its requests in order: once this one is seen, a refresh started by the clock would have been too.
    await page.evaluate(() => fetch('/admin/v1/logs/flags', { credentials: 'same-origin' }).then((response) => response.status));
    page.off('request', countLoads);
    expect(loads.length).toBe(loadsBeforeWaiting);
    expect(await rows(page).count()).toBe(GOOD_REQUESTS + 1);

    await page.getByTestId('log-pause').click();
    await expect.poll(() => rows(page).count()).toBe(GOOD_REQUESTS + 2);
    expect(problems).toEqual([]);
  });

  it('shows a logged request’s kept trace on the canvas', async () => {
    const { page, served, problems } = world;
    const token = await seedTraffic(served);
    const traced = await order(served, 'traced', token, { 'x-flowgate-trace': '1' });
    const requestId = traced.headers.get('x-request-id')!;
    await openRequestLog(page);
    const row = page.locator(`[data-testid="log-row"][data-request-id="${requestId}"]`);
    await row.click();
    await expect.poll(() => page.getByTestId('node-ok').getAttribute('data-run')).toBe('ok');
    expect(await page.getByTestId('node-request').getAttribute('data-run')).toBe('ok');
    expect(await page.locator('.step-edge.was-taken').count()).toBe(1);
    await page.getByTestId('node-ok').locator('.step-node-icon').click();
    expect(await page.getByTestId('trace-popover').textContent()).toContain('Request log · dev · v1');
    await screenshot(page, 'request-log-02-trace');

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByTestId('trace-popover').getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.getByTestId('trace-popover').count()).toBe(0);
    await screenshot(page, 'request-log-03-dark');
    expect(problems).toEqual([]);
  });
});
