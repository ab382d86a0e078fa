import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../support/serve.js';
import { launchChromium, openEditor, screenshot, screenshotOnFailure } from './support/browser.js';

const VIEWPORT = { width: 1440, height: 900 };

/** GET /users/:id answering the id, behind a token. */
const getUser = {
  name: 'Get user',
  method: 'GET',
  path: '/users/:id',
  auth: { required: true, keyGroupIds: [], scopes: [] },
  flow: {
    nodes: [
      { id: 'request', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 'ok', type: 'respond', key: 'ok', position: { x: 300, y: 0 }, config: { status: 200, body: "{'id': request.params.id}" } },
    ],
    edges: [{ id: 'e1', source: 'request', sourceHandle: 'out', target: 'ok' }],
  },
};

let served: Served;
let browser: Browser;
let page: Page;
let consoleProblems: string[];
let apiId: string;

const callUser = (token: string): Promise<Response> => fetch(`${served.runtimeUrl}/dev/users/42`, { headers: { authorization: `Bearer ${token}` } });
const tab = (name: string) => page.getByRole('tab', { name, exact: true });
const tokenRow = (name: string) => page.locator(`[data-testid="token-row"][data-token-name="${name}"]`);

/** Creates a token in the Tokens panel and returns the string its dialog shows, once. */
async function createToken(name: string): Promise<string> {
  await page.getByTestId('create-token').first().click();
  await page.getByTestId('token-name').fill(name);
  await page.getByTestId('token-submit').click();
  const shown = page.getByTestId('issued-token');
  await shown.waitFor();
  const token = (await shown.textContent())!.trim();
  expect(token.split('.')).toHaveLength(3);
  return token;
}

async function closeRevealDialog(): Promise<void> {
  await page.getByTestId('token-done').click();
  await page.getByRole('dialog', { name: 'Did you copy the token?' }).waitFor();
  await page.getByTestId('token-confirm-close').click();
  await expect.poll(() => page.getByTestId('issued-token').count()).toBe(0);
}

describe('side panels', () => {
  beforeAll(async () => {
    [served, browser] = await Promise.all([serve(), launchChromium()]);
    const created = await served.admin('POST', '/apis', getUser);
    expect(created.status).toBe(201);
    apiId = created.body.id;
    expect((await served.admin('POST', `/apis/${apiId}/publish`, { environment: 'dev' })).status).toBe(200);
    ({ page, problems: consoleProblems } = await openEditor(browser, served.loginUrl, { viewport: VIEWPORT }));
  });

  screenshotOnFailure('panels-', () => page);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('creates a token that is shown once and opens the API, then revokes it', async () => {
    await tab('Tokens').click();
    await page.getByRole('heading', { name: 'No tokens yet' }).waitFor();
    await screenshot(page, 'panels-01-tokens-empty');

    const token = await createToken('billing-service');
    await screenshot(page, 'panels-02-token-shown-once');
    await closeRevealDialog();
    // Nothing of the token is kept where a page could read it later.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + location.href);
    expect(stored).not.toContain(token.slice(-20));

    expect((await callUser(token)).status).toBe(200);
    await expect.poll(async () => tokenRow('billing-service').textContent(), { timeout: 5_000 }).toContain('billing-service');

    await tokenRow('billing-service').getByTestId('token-revoke').click();
    await page.getByRole('button', { name: 'Revoke token' }).click();
    await expect.poll(() => tokenRow('billing-service').getByTestId('token-status').getAttribute('data-status')).toBe('revoked');
    expect((await callUser(token)).status).toBe(401);
    await screenshot(page, 'panels-03-token-revoked');
  });

  it('puts a token in a key group that the access matrix requires, and publishes from the matrix', async () => {
    const partnerToken = await createToken('partner-acme');
    await closeRevealDialog();

    await tab('Key groups').click();
    await page.getByTestId('create-key-group').click();
    await page.getByTestId('key-group-name').fill('partners');
    await page.getByTestId('key-group-save').click();
    const group = page.locator('[data-testid="key-group"][data-group-name="partners"]');
    await group.locator('.card-toggle').click();
    await group.getByTestId('token-picker').selectOption({ label: 'partner-acme (…' + (await tokenFingerprint('partner-acme')) + ')' });
    await group.getByTestId('token-picker-add').click();
    await expect.poll(() => group.getByTestId('member-count').textContent()).toBe('1 token');
    await screenshot(page, 'panels-04-key-group');

    await tab('Access').click();
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

    expect((await callUser(partnerToken)).status).toBe(200);
    const outsider = await served.admin('POST', '/tokens', { name: 'outsider', environment: 'dev' });
    expect((await callUser(outsider.body.token)).status).toBe(403);
  });

  it('lists the live route with its URL, auth and draft state', async () => {
    await tab('Live routes').click();
    const route = page.locator(`[data-testid="live-route"][data-api-id="${apiId}"]`);
    await route.waitFor();
    expect(await route.getByTestId('route-url').getAttribute('data-url')).toBe(`${served.runtimeUrl}/dev/users/:id`);
    expect(await route.textContent()).toContain('in partners');
    await expect.poll(() => route.getByTestId('route-draft').getAttribute('data-changed')).toBe('false');
    await screenshot(page, 'panels-07-live-routes');

    await page.emulateMedia({ colorScheme: 'dark' });
    await tab('Access').click();
    await page.getByTestId('access-matrix').waitFor();
    await screenshot(page, 'panels-08-access-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(consoleProblems).toEqual([]);
  });
});

/** The fingerprint the Tokens panel lists for a token, as the picker shows it. */
async function tokenFingerprint(name: string): Promise<string> {
  const list = await served.admin('GET', '/tokens');
  return (list.body as { name: string; fingerprint: string }[]).find((token) => token.name === name)!.fingerprint;
}
