import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Served } from '../support/serve.js';
import { screenshot } from './support/browser.js';
import { editorPerTest } from './support/workspace.js';

const world = editorPerTest({ viewport: { width: 1440, height: 900 }, screenshotPrefix: 'panels-' });

/** GET /users/:id answering the id, behind a token (in the key groups given). */
const getUser = (keyGroupIds: string[] = []) => ({
  name: 'Get user',
  method: 'GET',
  path: '/users/:id',
  auth: { required: true, keyGroupIds, scopes: [] },
  flow: {
    nodes: [
      { id: 'request', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 'ok', type: 'respond', key: 'ok', position: { x: 300, y: 0 }, config: { status: 200, body: "{'id': request.params.id}" } },
    ],
    edges: [{ id: 'e1', source: 'request', sourceHandle: 'out', target: 'ok' }],
  },
});

/** Makes Get user over the admin API and publishes it to dev; answers its id. */
async function publishGetUser(served: Served, keyGroupIds: string[] = []): Promise<string> {
  const created = await served.admin('POST', '/apis', getUser(keyGroupIds));
  expect(created.status).toBe(201);
  expect((await served.admin('POST', `/apis/${created.body.id}/publish`, { environment: 'dev' })).status).toBe(200);
  return created.body.id as string;
}

const callUser = (served: Served, token: string): Promise<Response> => fetch(`${served.runtimeUrl}/dev/users/42`, { headers: { authorization: `Bearer ${token}` } });
const tab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true });
const tokenRow = (page: Page, name: string) => page.locator(`[data-testid="token-row"][data-token-name="${name}"]`);

/** Creates a token in the Tokens panel and returns the string its dialog shows, once. */
async function createToken(page: Page, name: string): Promise<string> {
  await page.getByTestId('create-token').first().click();
  await page.getByTestId('token-name').fill(name);
  await page.getByTestId('token-submit').click();
  const shown = page.getByTestId('issued-token');
  await shown.waitFor();
  const token = (await shown.textContent())!.trim();
  expect(token.split('.')).toHaveLength(3);
  return token;
}

async function closeRevealDialog(page: Page): Promise<void> {
  await page.getByTestId('token-done').click();
  await page.getByRole('dialog', { name: 'Did you copy the token?' }).waitFor();
  await page.getByTestId('token-confirm-close').click();
  await expect.poll(() => page.getByTestId('issued-token').count()).toBe(0);
}

describe('side panels', () => {
  it('creates a token that is shown once and opens the API, then revokes it', async () => {
    const { page, served, problems } = world;
    await publishGetUser(served);
    await world.signIn();
    await tab(page, 'Tokens').click();
    await page.getByRole('heading', { name: 'No tokens yet' }).waitFor();
    await screenshot(page, 'panels-01-tokens-empty');

    const token = await createToken(page, 'billing-service');
    await screenshot(page, 'panels-02-token-shown-once');
    await closeRevealDialog(page);
    // Nothing of the token outlives the tab: not in localStorage, not in the URL (the tab's sessionStorage may keep it for a reload).
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + location.href);
    expect(stored).not.toContain(token.slice(-20));

    expect((await callUser(served, token)).status).toBe(200);
    await expect.poll(async () => tokenRow(page, 'billing-service').textContent()).toContain('billing-service');

    await tokenRow(page, 'billing-service').getByTestId('token-revoke').click();
    await page.getByRole('button', { name: 'Revoke token' }).click();
    await expect.poll(() => tokenRow(page, 'billing-service').getByTestId('token-status').getAttribute('data-status')).toBe('revoked');
    expect((await callUser(served, token)).status).toBe(401);
    await screenshot(page, 'panels-03-token-revoked');
    expect(problems).toEqual([]);
  });

  it('puts a token in a key group that the access matrix requires, and publishes from the matrix', async () => {
    const { page, served, problems } = world;
    const apiId = await publishGetUser(served);
    const partner = (await served.admin('POST', '/tokens', { name: 'partner-acme', environment: 'dev' })).body;
    const fingerprint = (await served.admin('GET', '/tokens')).body.find((token: { id: string }) => token.id === partner.id).fingerprint;
    await world.signIn();

    await tab(page, 'Key groups').click();
    await page.getByTestId('create-key-group').click();
    await page.getByTestId('key-group-name').fill('partners');
    await page.getByTestId('key-group-save').click();
    const group = page.locator('[data-testid="key-group"][data-group-name="partners"]');
    await group.locator('.card-toggle').click();
    await group.getByTestId('token-picker').selectOption({ label: `partner-acme (…${fingerprint})` });
    await group.getByTestId('token-picker-add').click();
    await expect.poll(() => group.getByTestId('member-count').textContent()).toBe('1 token');
    await screenshot(page, 'panels-04-key-group');

    await tab(page, 'Access').click();
    const row = page.locator(`[data-testid="access-api"][data-api-id="${apiId}"]`);
    await row.getByTestId('access-group-picker').selectOption({ label: 'partners' });
    await expect.poll(() => row.getByTestId('access-group').textContent()).toContain('partners');
    const devCell = page.locator('[data-testid="access-cell"][data-environment="dev"]').first();
    await devCell.getByTestId('access-pending').waitFor();
    await screenshot(page, 'panels-05-access-pending');
    await devCell.getByTestId('access-publish').click();
    await expect.poll(() => devCell.getByTestId('access-pending').count()).toBe(0);
    expect(await devCell.textContent()).toContain('in partners');
    await screenshot(page, 'panels-06-access-published');

    expect((await callUser(served, partner.token)).status).toBe(200);
    const outsider = await served.admin('POST', '/tokens', { name: 'outsider', environment: 'dev' });
    expect((await callUser(served, outsider.body.token)).status).toBe(403);
    expect(problems).toEqual([]);
  });

  it('lists the live route with its URL, auth and draft state', async () => {
    const { page, served, problems } = world;
    const groupId = (await served.admin('POST', '/key-groups', { name: 'partners' })).body.id;
    const apiId = await publishGetUser(served, [groupId]);
    await world.signIn();
    await tab(page, 'Live routes').click();
    const route = page.locator(`[data-testid="live-route"][data-api-id="${apiId}"]`);
    await route.waitFor();
    expect(await route.getByTestId('route-url').getAttribute('data-url')).toBe(`${served.runtimeUrl}/dev/users/:id`);
    expect(await route.textContent()).toContain('in partners');
    await expect.poll(() => route.getByTestId('route-draft').getAttribute('data-changed')).toBe('false');
    await screenshot(page, 'panels-07-live-routes');

    await page.emulateMedia({ colorScheme: 'dark' });
    await tab(page, 'Access').click();
    await page.getByTestId('access-matrix').waitFor();
    await screenshot(page, 'panels-08-access-dark');
    expect(problems).toEqual([]);
  });
});
