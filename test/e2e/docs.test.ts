import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser, echo } from '../fixtures/apis.js';
import { screenshot } from './support/browser.js';
import { editorPerTest } from './support/workspace.js';

const world = editorPerTest({ viewport: { width: 1440, height: 900 }, screenshotPrefix: 'docs-', context: { acceptDownloads: true } });

const tab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true });
const operation = (page: Page, route: string) => page.locator(`[data-testid="docs-panel"] [data-testid="docs-operation"][data-route="${route}"]`);

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
  const created = await world.served.admin('POST', '/apis', definition);
  expect((await world.served.admin('POST', `/apis/${created.body.id}/publish`, { environment: 'dev' })).status).toBe(200);
  return created.body.id as string;
}

/** Publishes Create order (with an example) and Search orders to dev over the admin API, then signs in; answers Create order's id. */
async function publishOrdersAndSignIn(): Promise<string> {
  const ordersId = await publish(createOrder);
  await publish(searchOrders);
  await world.served.admin('POST', `/apis/${ordersId}/examples`, {
    name: 'Two of A-1',
    request: { body: { sku: 'A-1', qty: 2 } },
    response: { status: 201, body: { id: 'o_1', sku: 'A-1', qty: 2 } },
  });
  await world.signIn();
  return ordersId;
}

describe('Docs, Snippets, export and import in the editor', () => {
  it('renders the published operations of dev, grouped, with parameters, body and responses', async () => {
    const { page, served, problems } = world;
    await publishOrdersAndSignIn();
    await tab(page, 'Docs').click();
    await operation(page, 'POST /orders').waitFor();
    await expect.poll(() => page.locator('[data-testid="docs-panel"] [data-testid="docs-operation"]').count()).toBe(2);
    await screenshot(page, 'docs-01-panel');

    await operation(page, 'POST /orders').locator('summary').first().click();
    const body = operation(page, 'POST /orders');
    await body.getByText('Request body').waitFor();
    expect(await body.locator('.chip', { hasText: 'orders:write' }).count()).toBe(1);
    for (const status of ['201', '400', '401', '403', '413', '429']) await body.getByTestId(`docs-response-${status}`).waitFor();
    await body.getByText('Two of A-1').first().click();
    await screenshot(page, 'docs-02-operation');

    await operation(page, 'GET /orders/search').locator('summary').first().click();
    await operation(page, 'GET /orders/search').getByText('What to look for').waitFor();
    const raw = await page.getByTestId('docs-raw-link').getAttribute('href');
    expect(raw).toBe(`${served.runtimeUrl}/dev/openapi.json`);
    expect((await (await fetch(raw!)).json()).paths['/orders/search']).toBeTruthy();
    expect(problems).toEqual([]);
  });

  it('shows the document wide, and an empty environment plainly', async () => {
    const { page, problems } = world;
    await publishOrdersAndSignIn();
    await tab(page, 'Docs').click();
    await operation(page, 'POST /orders').waitFor();
    await page.getByTestId('docs-expand').click();
    const dialog = page.getByRole('dialog', { name: 'Docs: dev' });
    await dialog.getByText('The App APIs published to the').waitFor();
    await screenshot(page, 'docs-03-expanded');
    await dialog.getByRole('button', { name: 'Close' }).click();

    await page.getByTestId('docs-environment').selectOption('prod');
    await page.getByText('Nothing is published to this environment yet').waitFor();
    await page.getByTestId('docs-environment').selectOption('dev');
    await operation(page, 'POST /orders').waitFor();
    expect(problems).toEqual([]);
  });

  it('gives curl, fetch and Python snippets for the open API', async () => {
    const { page, served, problems } = world;
    const ordersId = await publishOrdersAndSignIn();
    await page.locator(`[data-testid="api-row"][data-api-id="${ordersId}"] .api-row-main`).click();
    await tab(page, 'Snippets').click();
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
    expect(problems).toEqual([]);
  });

  it('exports the workspace as a file and imports it back, asking about each conflict', async () => {
    const { page, problems } = world;
    await publishOrdersAndSignIn();
    await tab(page, 'Docs').click();
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
    expect(problems).toEqual([]);
  });

  it('refuses a file that is not a workspace export, and changes nothing', async () => {
    const { page, served, problems } = world;
    await publishOrdersAndSignIn();
    await tab(page, 'Docs').click();
    await expect.poll(() => page.locator('[data-testid="api-row"]').count()).toBe(2);
    await page.getByTestId('import-file').setInputFiles({ name: 'collection.json', mimeType: 'application/json', buffer: Buffer.from('{"info": {"name": "Postman"}}') });
    await page.getByTestId('import-error').getByText('This is not a Flowgate workspace file').waitFor();
    await screenshot(page, 'docs-08-import-refused');
    await page.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.getByTestId('import-error').count()).toBe(0);
    expect(await page.locator('[data-testid="api-row"]').count()).toBe(2);
    expect((await served.admin('GET', '/apis')).body).toHaveLength(2);
    expect(problems.filter((problem) => !problem.includes('422'))).toEqual([]);
  });
});
