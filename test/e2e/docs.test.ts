import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, echo } from '../fixtures/apis.js';
import { serve, type Served } from '../support/serve.js';
import { launchChromium, openEditor, screenshot, screenshotOnFailure } from './support/browser.js';

const VIEWPORT = { width: 1440, height: 900 };

let served: Served;
let browser: Browser;
let page: Page;
let consoleProblems: string[];
let ordersId: string;

const tab = (name: string) => page.getByRole('tab', { name, exact: true });
const operation = (route: string) => page.locator(`[data-testid="docs-panel"] [data-testid="docs-operation"][data-route="${route}"]`);

const createOrder = createUser({
  name: 'Create order',
  path: '/orders',
  auth: { required: true, keyGroupIds: [], scopes: ['orders:write'] },
  rateLimit: { requests: 60, perSeconds: 60 },
  bodySchema: { type: 'object', required: ['sku'], properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } } },
});
const searchOrders = echo('/orders/search', '{"q": request.query.q}', {
  name: 'Search orders',
  query: [{ name: 'q', type: 'string', required: true, description: 'What to look for' }, { name: 'limit', type: 'integer', default: 20 }],
});

async function publish(definition: unknown): Promise<string> {
  const created = await served.admin('POST', '/apis', definition);
  expect((await served.admin('POST', `/apis/${created.body.id}/publish`, { environment: 'dev' })).status).toBe(200);
  return created.body.id as string;
}

describe('Docs, Snippets, export and import in the editor', () => {
  beforeAll(async () => {
    [served, browser] = await Promise.all([serve(), launchChromium()]);
    ordersId = await publish(createOrder);
    await publish(searchOrders);
    await served.admin('POST', `/apis/${ordersId}/examples`, {
      name: 'Two of A-1',
      request: { body: { sku: 'A-1', qty: 2 } },
      response: { status: 201, body: { id: 'o_1', sku: 'A-1', qty: 2 } },
    });
    ({ page, problems: consoleProblems } = await openEditor(browser, served.loginUrl, { viewport: VIEWPORT, acceptDownloads: true }));
  });

  screenshotOnFailure('docs-', () => page);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('renders the published operations of dev, grouped, with parameters, body and responses', async () => {
    await tab('Docs').click();
    await operation('POST /orders').waitFor();
    await expect.poll(() => page.locator('[data-testid="docs-panel"] [data-testid="docs-operation"]').count()).toBe(2);
    await screenshot(page, 'docs-01-panel');

    await operation('POST /orders').locator('summary').first().click();
    const body = operation('POST /orders');
    await body.getByText('Request body').waitFor();
    expect(await body.locator('.chip', { hasText: 'orders:write' }).count()).toBe(1);
    for (const status of ['201', '400', '401', '403', '413', '429']) await body.getByTestId(`docs-response-${status}`).waitFor();
    await body.getByText('Two of A-1').first().click();
    await screenshot(page, 'docs-02-operation');

    await operation('GET /orders/search').locator('summary').first().click();
    await operation('GET /orders/search').getByText('What to look for').waitFor();
    const raw = await page.getByTestId('docs-raw-link').getAttribute('href');
    expect(raw).toBe(`${served.runtimeUrl}/dev/openapi.json`);
    expect((await (await fetch(raw!)).json()).paths['/orders/search']).toBeTruthy();
  });

  it('shows the document wide, and an empty environment plainly', async () => {
    await page.getByTestId('docs-expand').click();
    const dialog = page.getByRole('dialog', { name: 'Docs: dev' });
    await dialog.getByText('The App APIs published to the').waitFor();
    await screenshot(page, 'docs-03-expanded');
    await dialog.getByRole('button', { name: 'Close' }).click();

    await page.getByTestId('docs-environment').selectOption('prod');
    await page.getByText('Nothing is published to this environment yet').waitFor();
    await page.getByTestId('docs-environment').selectOption('dev');
    await operation('POST /orders').waitFor();
  });

  it('gives curl, fetch and Python snippets for the open API', async () => {
    await page.locator(`[data-testid="api-row"][data-api-id="${ordersId}"] .api-row-main`).click();
    await tab('Snippets').click();
    const code = page.getByTestId('snippet-code');
    await expect.poll(() => code.textContent()).toContain(`curl -X POST '${served.runtimeUrl}/dev/orders'`);
    expect(await code.textContent()).toContain('"Authorization: Bearer $FLOWGATE_TOKEN"');
    expect(await code.textContent()).toContain('"sku": "string"');
    await screenshot(page, 'docs-04-snippets-curl');
    await page.getByTestId('snippet-tab-python').click();
    await expect.poll(() => code.textContent()).toContain('requests.post(');
    await page.getByRole('combobox', { name: 'Values' }).selectOption({ label: 'Example: Two of A-1' });
    await expect.poll(() => code.textContent()).toContain('"sku": "A-1"');
    await screenshot(page, 'docs-05-snippets-python');
  });

  it('exports the workspace as a file and imports it back, asking about each conflict', async () => {
    await tab('Docs').click();
    await page.getByTestId('export-menu').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-workspace').click()]);
    expect(download.suggestedFilename()).toMatch(/^flowgate-workspace-\d{4}-\d\d-\d\d\.json$/);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(exported.apis.map((api: any) => api.name)).toEqual(['Create order', 'Search orders']);

    await page.getByTestId('import-file').setInputFiles({ name: 'workspace.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
    await page.getByTestId('import-plan').waitFor();
    await expect.poll(() => page.getByTestId('import-conflict').count()).toBe(2);
    await page.getByRole('combobox', { name: 'What to do with Search orders' }).selectOption('skip');
    await expect.poll(() => page.locator('.import-item').filter({ hasText: 'Search orders' }).textContent()).toMatch(/^skip/);
    await screenshot(page, 'docs-06-import-plan');
    await page.getByTestId('import-apply').click();
    await page.locator('[data-testid="api-row"]').filter({ hasText: 'Create order (2)' }).waitFor();
    expect(await page.locator('[data-testid="api-row"]').count()).toBe(3);
    await screenshot(page, 'docs-07-imported');
  });

  it('refuses a file that is not a workspace export, and changes nothing', async () => {
    await page.getByTestId('import-file').setInputFiles({ name: 'collection.json', mimeType: 'application/json', buffer: Buffer.from('{"info": {"name": "Postman"}}') });
    await page.getByTestId('import-error').getByText('This is not a Flowgate workspace file').waitFor();
    await screenshot(page, 'docs-08-import-refused');
    await page.getByRole('button', { name: 'Close' }).click();
    expect(await page.locator('[data-testid="api-row"]').count()).toBe(3);
    expect(consoleProblems.filter((problem) => !problem.includes('422'))).toEqual([]);
  });
});
