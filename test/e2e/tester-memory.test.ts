import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getUser } from '../fixtures/apis.js';
import type { Served } from '../support/serve.js';
import { screenshot } from './support/browser.js';
import { editorPerTest } from './support/workspace.js';
import { edit } from '../support/revisions.js';

const world = editorPerTest({ viewport: { width: 1280, height: 800 }, screenshotPrefix: 'tester-memory-' });

const echoBody = {
  name: 'Echo body',
  method: 'POST',
  path: '/echo',
  flow: {
    nodes: [
      { id: 'r', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 'o', type: 'respond', key: 'answer', position: { x: 300, y: 0 }, config: { status: 200, body: 'request.body' } },
    ],
    edges: [{ id: 'e1', source: 'r', sourceHandle: 'out', target: 'o' }],
  },
};

/** Creates and publishes an API to dev over the admin API; answers its id. */
async function publish(served: Served, definition: object): Promise<string> {
  const created = await served.admin('POST', '/apis', definition);
  expect(created.status).toBe(201);
  expect((await served.admin('POST', `/apis/${created.body.id}/publish`, { environment: 'dev' })).status).toBe(200);
  return created.body.id as string;
}

async function openApi(page: Page, apiId: string): Promise<void> {
  await page.locator(`[data-testid="api-row"][data-api-id="${apiId}"] .api-row-main`).click();
  await page.getByTestId('node-request').waitFor();
}

const tab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true });
const tokenOptions = (page: Page) => page.getByTestId('tester-token').locator('option');

async function createTokenInPanel(page: Page, name: string): Promise<string> {
  await tab(page, 'Tokens').click();
  await page.getByTestId('create-token').first().click();
  await page.getByTestId('token-name').fill(name);
  await page.getByTestId('token-submit').click();
  const token = (await page.getByTestId('issued-token').textContent())!.trim();
  await page.getByTestId('token-done').click();
  await page.getByTestId('token-confirm-close').click();
  await expect.poll(() => page.getByTestId('issued-token').count()).toBe(0);
  return token;
}

/** The browser logs every refused request it sent; those are what the test asks for. */
const unexpected = (problems: string[]): string[] => problems.filter((problem) => !/Failed to load resource: the server responded with a status of 403/.test(problem));

async function send(page: Page, expected: number): Promise<void> {
  await page.getByTestId('tester-send').click();
  await page.locator(`[data-testid="tester-response"][data-status="${expected}"]`).waitFor();
}

describe('the tester remembers, for this session', () => {
  it('keeps created and pasted tokens, the request per API and the panel layout across a reload, never in localStorage', async () => {
    const { page, served, problems } = world;
    const getUserId = await publish(served, getUser());
    const echoId = await publish(served, echoBody);
    const pasted = (await served.admin('POST', '/tokens', { name: 'pasted-cli', environment: 'dev' })).body.token as string;
    await world.signIn();
    await openApi(page, echoId);
    const created = await createTokenInPanel(page, 'mobile-app');

    await tab(page, 'Tester').click();
    await page.getByTestId('tester-tab-body').click();
    const body = page.getByRole('textbox', { name: 'Request body (JSON)' });
    await body.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText('{"remember": "me"}');
    await page.getByTestId('tester-token').selectOption({ label: 'Paste a token…' });
    await page.getByTestId('tester-token-paste').fill(pasted);
    await openApi(page, getUserId);
    await page.getByTestId('tester-param-id').fill('42');
    await expect.poll(() => page.evaluate(() => Object.keys(sessionStorage).length)).toBeGreaterThan(0);

    await page.reload();
    await page.getByTestId('node-user').waitFor();
    // The layout came back: the Tokens panel on the right, the Tester below.
    await page.getByTestId('tokens-panel').waitFor();
    await page.getByTestId('tester').waitFor();
    expect(await page.getByTestId('tester-param-id').inputValue()).toBe('42');
    expect(await page.getByTestId('tester-token-paste').inputValue()).toBe(pasted);
    expect(await tokenOptions(page).allTextContents()).toContain('mobile-app (dev)');
    await openApi(page, echoId);
    await page.getByTestId('tester-tab-body').click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Request body (JSON)' }).textContent()).toBe('{"remember": "me"}');
    await screenshot(page, 'tester-memory-01-after-reload');

    await page.getByTestId('tester-token').selectOption({ label: 'mobile-app (dev)' });
    await send(page, 200);
    expect(await page.getByTestId('tester-body').textContent()).toContain('remember');
    const local = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    for (const secret of [created, pasted, created.slice(-24), pasted.slice(-24)]) expect(local).not.toContain(secret);
    expect(problems).toEqual([]);
  });

  it('lists a rolled token once beside its replacement, labelled old (with its grace) and current', async () => {
    const { page, served, problems } = world;
    const apiId = await publish(served, getUser({ auth: { required: true, keyGroupIds: [], scopes: [] } }));
    await world.signIn();
    await openApi(page, apiId);
    await createTokenInPanel(page, 'mobile-app');
    await page.getByTestId('token-roll').click();
    await page.getByRole('button', { name: 'Roll token' }).click();
    await page.getByTestId('token-done').click();
    await page.getByTestId('token-confirm-close').click();

    await tab(page, 'Tester').click();
    await expect.poll(async () => (await tokenOptions(page).allTextContents()).filter((label) => label.startsWith('mobile-app'))).toHaveLength(2);
    const labels = (await tokenOptions(page).allTextContents()).filter((label) => label.startsWith('mobile-app'));
    expect(labels).toContain('mobile-app (dev) · current');
    expect(labels.find((label) => label.includes('old'))).toMatch(/^mobile-app \(dev\) · old, grace until \d{1,2}:\d\d/);
    await page.reload();
    await page.getByTestId('tester').waitFor();
    await expect.poll(async () => (await tokenOptions(page).allTextContents()).filter((label) => label.startsWith('mobile-app')).sort()).toEqual(labels.sort());
    await screenshot(page, 'tester-memory-02-rolled');
    expect(problems).toEqual([]);
  });

  it('names the rule behind a 403 and the caller’s address', async () => {
    const { page, served, problems } = world;
    const group = (await served.admin('POST', '/key-groups', { name: 'Partners', description: '', tokenIds: [] })).body;
    const apiId = await publish(served, getUser({ auth: { required: true, keyGroupIds: [group.id], scopes: [] } }));
    const outsider = (await served.admin('POST', '/tokens', { name: 'outsider', environment: 'dev' })).body.token as string;
    const fenced = (await served.admin('POST', '/tokens', { name: 'fenced', environment: 'dev', ipAllowlist: ['10.0.0.0/8'] })).body;
    await edit(served, 'PUT', `/key-groups/${group.id}`, { tokenIds: [fenced.id] });
    await world.signIn();
    await openApi(page, apiId);
    await tab(page, 'Tester').click();
    await page.getByTestId('tester-param-id').fill('42');
    await page.getByTestId('tester-token').selectOption({ label: 'Paste a token…' });

    await page.getByTestId('tester-token-paste').fill(outsider);
    await send(page, 403);
    const hint = page.getByTestId('tester-refusal');
    await expect.poll(() => hint.getAttribute('data-rule')).toBe('key-group');
    await expect.poll(() => hint.textContent()).toMatch(/Refused by the key-group rule: this API accepts only tokens in Partners; “outsider” is in no key group\. Caller IP: \S*127\.0\.0\.1/);
    await screenshot(page, 'tester-memory-03-refused-key-group');

    await page.getByTestId('tester-token-paste').fill(fenced.token);
    await send(page, 403);
    await expect.poll(() => hint.getAttribute('data-rule')).toBe('ip');
    await expect.poll(() => hint.textContent()).toMatch(/Refused by the IP allowlist: the request came from \S*127\.0\.0\.1, which “fenced” does not allow \(it allows 10\.0\.0\.0\/8\)/);
    expect(unexpected(problems)).toEqual([]);
  });

  it('sends on Ctrl+Enter in the body without adding a line to it', async () => {
    const { page, served, problems } = world;
    const echoId = await publish(served, echoBody);
    await world.signIn();
    await openApi(page, echoId);
    await tab(page, 'Tester').click();
    await page.getByTestId('tester-tab-body').click();
    const body = page.getByRole('textbox', { name: 'Request body (JSON)' });
    await body.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText('{"n": 1}');
    await page.keyboard.press('Control+Enter');
    await page.locator('[data-testid="tester-response"][data-status="200"]').waitFor();
    expect(await body.textContent()).toBe('{"n": 1}');
    expect(await body.locator('.cm-line').count()).toBe(1);
    expect(problems).toEqual([]);
  });
});
