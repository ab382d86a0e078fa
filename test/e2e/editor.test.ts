import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../support/serve.js';
import { E2E_STEP_TIMEOUT_MS, centreOf, dragBetween, launchChromium, screenshot, watchConsole, screenshotOnFailure } from './support/browser.js';

const VIEWPORT = { width: 1440, height: 900 };

let served: Served;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let consoleProblems: string[];

/** A second API, created over the admin API, that stores users: the test's way to seed a record. */
const createUsersApi = {
  name: 'Create user',
  method: 'POST',
  path: '/users',
  flow: {
    nodes: [
      { id: 'request', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 'insert', type: 'record.insert', key: 'created', position: { x: 300, y: 0 }, config: { collection: 'users', document: 'request.body' } },
      { id: 'ok', type: 'respond', key: 'ok', position: { x: 600, y: 0 }, config: { status: 201, body: 'steps.created' } },
    ],
    edges: [
      { id: 'e1', source: 'request', sourceHandle: 'out', target: 'insert' },
      { id: 'e2', source: 'insert', sourceHandle: 'out', target: 'ok' },
    ],
  },
};

const node = (key: string): string => `[data-testid="node-${key}"]`;
const inputHandle = (key: string): string => `${node(key)} .react-flow__handle.target`;
const outputHandle = (key: string, port?: string): string => (port ? `${node(key)} [data-port="${port}"] .react-flow__handle` : `${node(key)} .react-flow__handle.source`);

async function dropFromPalette(type: string, at: { x: number; y: number }): Promise<void> {
  await dragBetween(page, await centreOf(page, `[data-testid="palette-${type}"]`), at);
}

async function connect(from: string, to: string): Promise<void> {
  await dragBetween(page, await centreOf(page, from), await centreOf(page, to), 15);
}

async function select(key: string): Promise<void> {
  const header = await centreOf(page, `${node(key)} .step-node-icon`);
  await page.mouse.click(header.x, header.y);
}

async function waitSaved(): Promise<void> {
  await page.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
}

describe('editor', () => {
  beforeAll(async () => {
    [served, browser] = await Promise.all([serve(), launchChromium()]);
    context = await browser.newContext({ viewport: VIEWPORT });
    page = await context.newPage();
    page.setDefaultTimeout(E2E_STEP_TIMEOUT_MS);
    consoleProblems = watchConsole(page).problems;
  });

  screenshotOnFailure('', () => page);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('signs in with the admin key, explaining an expired link', async () => {
    // A separate browser context: no session cookie yet. (Its 401 on GET /session is expected, so its console is not watched.)
    const fresh = await browser.newContext({ viewport: VIEWPORT });
    const signInPage = await fresh.newPage();
    await signInPage.goto(`${served.adminUrl}/login?code=not-a-code`);
    await signInPage.getByTestId('signin-reason').waitFor();
    expect(await signInPage.getByTestId('signin-reason').textContent()).toContain('used already or has expired');
    expect(signInPage.url()).toBe(`${served.adminUrl}/`);
    await screenshot(signInPage, '00-sign-in');
    await signInPage.getByTestId('admin-key').fill('not-the-key');
    await signInPage.getByRole('button', { name: 'Sign in' }).click();
    await signInPage.getByText('That is not this workspace’s admin key.').waitFor();
    await signInPage.getByTestId('admin-key').fill(served.adminKey);
    await signInPage.getByRole('button', { name: 'Sign in' }).click();
    await signInPage.getByTestId('welcome-create').waitFor();
    await fresh.close();
  });

  it('goes from an empty workspace to a published GET /users/:id, and keeps it across a reload', async () => {
    await page.goto(served.loginUrl);
    await page.getByTestId('welcome-create').waitFor();
    await screenshot(page, '01-empty-workspace');

    await page.getByTestId('welcome-create').click();
    await page.getByTestId('new-api-name').fill('Get user');
    await page.getByTestId('new-api-path').fill('/users/:id');
    await page.getByTestId('create-api').click();
    await page.locator(node('request')).waitFor();

    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    await dropFromPalette('record.get', { x: canvas.x + 80, y: canvas.y + 90 });
    await page.locator(node('getRecord')).waitFor();
    await dropFromPalette('respond', { x: canvas.x + canvas.width - 300, y: canvas.y + 90 });
    await page.locator(node('respond')).waitFor();

    await connect(outputHandle('request'), inputHandle('getRecord'));
    await connect(outputHandle('getRecord', 'found'), inputHandle('respond'));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);

    // The missing port leads nowhere: the compiler says so on the node and in the list.
    await expect.poll(() => page.locator(`${node('getRecord')} [data-port="missing"].port-error`).count()).toBe(1);
    await page.getByTestId('problems-pill').click();
    const unconnected = page.locator('[data-code="unconnected_port"]');
    await expect.poll(() => unconnected.count()).toBe(1);
    expect(await unconnected.textContent()).toContain('missing');
    await page.locator(node('respond')).click();
    await unconnected.click();
    await expect.poll(() => page.locator('.inspector-title').textContent()).toBe('Get record');
    await screenshot(page, '02-problem-shown');

    // Fixed by dropping a connection from `missing` on empty canvas and picking Fail.
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await page.waitForTimeout(600);
    const missing = await centreOf(page, outputHandle('getRecord', 'missing'));
    await dragBetween(page, missing, { x: missing.x + 40, y: missing.y + 60 }, 15);
    await page.locator('.connect-menu').getByRole('button', { name: 'Fail' }).click();
    await page.locator(node('fail')).waitFor();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);

    await select('getRecord');
    await page.locator('[data-field="collection"] input').fill('users');
    await select('respond');
    await page.locator('[data-field="body"] .cm-content').click();
    await page.keyboard.type('steps.getRecord');
    await page.keyboard.press('Escape');
    await select('fail');
    await page.getByTestId('field-status').fill('404');
    await page.locator('[data-field="code"] input').fill('not_found');
    await expect.poll(() => page.getByTestId('problems-pill').textContent()).toBe('No problems');
    await waitSaved();
    await screenshot(page, '03-flow-complete');

    await page.getByTestId('publish').click();
    await page.getByTestId('publish-confirm').click();
    await page.getByTestId('publish-success').waitFor();
    const url = (await page.getByTestId('published-url').textContent())!;
    expect(url).toBe(`${served.runtimeUrl}/dev/users/:id`);
    await screenshot(page, '04-published');
    await page.keyboard.press('Escape');

    const seeder = await served.admin('POST', '/apis', createUsersApi);
    expect(seeder.status).toBe(201);
    expect((await served.admin('POST', `/apis/${seeder.body.id}/publish`, { environment: 'dev' })).status).toBe(200);
    const seeded = await fetch(`${served.runtimeUrl}/dev/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: '42', name: 'Ada' }) });
    expect(seeded.status).toBe(201);

    const found = await fetch(`${served.runtimeUrl}/dev/users/42`);
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({ id: '42', name: 'Ada' });
    const absent = await fetch(`${served.runtimeUrl}/dev/users/7`);
    expect(absent.status).toBe(404);
    expect(((await absent.json()) as { error: { code: string } }).error.code).toBe('not_found');

    await page.reload();
    await page.locator(node('fail')).waitFor();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    for (const key of ['request', 'getRecord', 'respond', 'fail']) expect(await page.locator(node(key)).count()).toBe(1);
    await page.getByRole('button', { name: /Get user/ }).waitFor();
    expect(await page.locator('[data-testid="api-row"]', { hasText: 'Get user' }).locator('[data-env="dev"]').getAttribute('data-state')).toBe('live');
    await select('fail');
    expect(await page.getByTestId('field-status').inputValue()).toBe('404');
    await screenshot(page, '05-after-reload');

    expect(consoleProblems).toEqual([]);
  });

  it('deletes with the Delete key, undoes and redoes, and never deletes Request', async () => {
    const before = await page.locator('.react-flow__node').count();
    await select('fail');
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(before - 1);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(before);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(before - 1);
    await page.keyboard.press('Control+z');
    await select('request');
    await page.keyboard.press('Delete');
    await page.waitForTimeout(200);
    expect(await page.locator(node('request')).count()).toBe(1);

    await select('respond');
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await page.locator(node('respond2')).waitFor();
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator(node('respond2')).count()).toBe(0);
    await waitSaved();
    expect(consoleProblems).toEqual([]);
  });

  it('renames, duplicates, searches and deletes APIs in the list', async () => {
    const row = (name: string) => page.locator('[data-testid="api-row"]', { hasText: name });
    await row('Create user').hover();
    await page.getByRole('button', { name: 'Rename Create user' }).click();
    await page.getByRole('textbox', { name: 'API name' }).fill('Add user');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await served.admin('GET', '/apis')).body.map((api: { name: string }) => api.name).sort()).toEqual(['Add user', 'Get user']);

    await row('Get user').hover();
    await page.getByRole('button', { name: 'Duplicate Get user' }).click();
    await row('Get user copy').waitFor();
    await expect.poll(() => page.locator('.top-bar-name').textContent()).toBe('Get user copy');
    expect(await page.locator(node('fail')).count()).toBe(1);

    await page.getByRole('textbox', { name: 'Search APIs' }).fill('copy');
    await expect.poll(() => page.getByTestId('api-row').count()).toBe(1);
    await row('Get user copy').hover();
    await page.getByRole('button', { name: 'Delete Get user copy' }).click();
    await page.getByRole('dialog', { name: 'Delete this API?' }).getByRole('button', { name: 'Delete API' }).click();
    await expect.poll(() => page.getByTestId('api-row').count()).toBe(0);
    await page.getByRole('textbox', { name: 'Search APIs' }).fill('');
    await expect.poll(() => page.getByTestId('api-row').count()).toBe(2);
    expect((await served.admin('GET', '/apis')).body).toHaveLength(2);
    await screenshot(page, '06-api-list');
    expect(consoleProblems).toEqual([]);
  });

  it('looks right in dark mode and shows the shortcuts help', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, '07-dark-no-api-open');
    await page.locator('[data-testid="api-row"]', { hasText: 'Get user' }).locator('.api-row-main').click();
    await page.locator(node('fail')).waitFor();
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 300 } });
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await screenshot(page, '08-dark-shortcuts');
    await page.keyboard.press('Escape');
    await screenshot(page, '09-dark-editor');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
