import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { centreOf, dragBetween, emptyCanvasPointNear, screenshot, waitForCanvasAtRest } from './support/browser.js';
import { editorPerTest } from './support/workspace.js';

const world = editorPerTest({ viewport: { width: 1440, height: 900 }, screenshotPrefix: '' });
/** Building, publishing and reloading an API by hand is the longest journey of the e2e tests. */
const JOURNEY_TIMEOUT_MS = 120_000;

/** GET /users/:id as the first test builds it by hand: the later tests start from it, made over the admin API. */
const getUser = {
  name: 'Get user',
  method: 'GET',
  path: '/users/:id',
  flow: {
    nodes: [
      { id: 'request', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 'get', type: 'record.get', key: 'getRecord', position: { x: 300, y: 0 }, config: { collection: 'users', id: 'request.params.id' } },
      { id: 'respond', type: 'respond', key: 'respond', position: { x: 600, y: -80 }, config: { status: 200, body: 'steps.getRecord' } },
      { id: 'fail', type: 'fail', key: 'fail', position: { x: 600, y: 80 }, config: { status: 404, code: 'not_found' } },
    ],
    edges: [
      { id: 'e1', source: 'request', sourceHandle: 'out', target: 'get' },
      { id: 'e2', source: 'get', sourceHandle: 'found', target: 'respond' },
      { id: 'e3', source: 'get', sourceHandle: 'missing', target: 'fail' },
    ],
  },
};

/** An API, made over the admin API, that stores users: the test's way to seed a record. */
const createUser = {
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
const apiRow = (page: Page, name: string) => page.locator('[data-testid="api-row"]', { hasText: name });

/** Drops a node from the palette at a point given as fractions of the canvas, measured at rest just before (a drop opens the Inspector, which may resize the canvas). */
async function dropFromPalette(page: Page, type: string, at: { across: number; down: number }): Promise<void> {
  const from = await centreOf(page, `[data-testid="palette-${type}"]`);
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  await dragBetween(page, from, { x: canvas.x + canvas.width * at.across, y: canvas.y + canvas.height * at.down });
}

async function connect(page: Page, from: string, to: string): Promise<void> {
  await dragBetween(page, await centreOf(page, from), await centreOf(page, to), 15);
}

async function select(page: Page, key: string): Promise<void> {
  const header = await centreOf(page, `${node(key)} .step-node-icon`);
  await page.mouse.click(header.x, header.y);
}

/** Clicks Auto-layout and waits until it has moved the nodes and the view has come to rest. */
async function autoLayout(page: Page): Promise<void> {
  const wrapper = page.locator('.react-flow__node', { has: page.locator(node('getRecord')) });
  const placedAt = await wrapper.getAttribute('style');
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await expect.poll(() => wrapper.getAttribute('style')).not.toBe(placedAt);
  await waitForCanvasAtRest(page);
}

async function waitSaved(page: Page): Promise<void> {
  await page.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
}

/** Makes the APIs over the admin API, signs in and opens the first. */
async function startWith(...apis: object[]): Promise<void> {
  for (const api of apis) expect((await world.served.admin('POST', '/apis', api)).status).toBe(201);
  await world.signIn();
  await apiRow(world.page, (apis[0] as { name: string }).name).locator('.api-row-main').click();
  await world.page.locator(node('request')).waitFor();
}

describe('editor', () => {
  it('signs in with the admin key, explaining an expired link', async () => {
    // No session cookie yet: its 401 on GET /session is expected, so the console is not checked here.
    const { page, served } = world;
    await page.goto(`${served.adminUrl}/login?code=not-a-code`);
    await page.getByTestId('signin-reason').waitFor();
    expect(await page.getByTestId('signin-reason').textContent()).toContain('used already or has expired');
    expect(page.url()).toBe(`${served.adminUrl}/`);
    await screenshot(page, '00-sign-in');
    await page.getByTestId('admin-key').fill('not-the-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That is not this workspace’s admin key.').waitFor();
    await page.getByTestId('admin-key').fill(served.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('welcome-create').waitFor();
  });

  it('goes from an empty workspace to a published GET /users/:id, and keeps it across a reload', async () => {
    const { page, served, problems } = world;
    await world.signIn();
    await page.getByTestId('welcome-create').waitFor();
    await screenshot(page, '01-empty-workspace');

    await page.getByTestId('welcome-create').click();
    await page.getByTestId('new-api-name').fill('Get user');
    await page.getByTestId('new-api-path').fill('/users/:id');
    await page.getByTestId('create-api').click();
    await page.locator(node('request')).waitFor();

    // Dropped anywhere on the canvas, then laid out by Auto-layout: the layout, not the canvas's size, decides where they sit.
    await dropFromPalette(page, 'record.get', { across: 0.35, down: 0.25 });
    await page.locator(node('getRecord')).waitFor();
    await dropFromPalette(page, 'respond', { across: 0.65, down: 0.45 });
    await page.locator(node('respond')).waitFor();
    await autoLayout(page);

    await connect(page, outputHandle('request'), inputHandle('getRecord'));
    await connect(page, outputHandle('getRecord', 'found'), inputHandle('respond'));
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
    const missing = await centreOf(page, outputHandle('getRecord', 'missing'));
    await dragBetween(page, missing, await emptyCanvasPointNear(page, { x: missing.x + 40, y: missing.y + 60 }), 15);
    await page.locator('.connect-menu').getByRole('button', { name: 'Fail' }).click();
    await page.locator(node('fail')).waitFor();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);

    await select(page, 'getRecord');
    await page.locator('[data-field="collection"] input').fill('users');
    await select(page, 'respond');
    await page.locator('[data-field="body"] .cm-content').click();
    await page.keyboard.type('steps.getRecord');
    await page.keyboard.press('Escape');
    await select(page, 'fail');
    await page.getByTestId('field-status').fill('404');
    await page.locator('[data-field="code"] input').fill('not_found');
    await expect.poll(() => page.getByTestId('problems-pill').textContent()).toBe('No problems');
    await autoLayout(page);
    await waitSaved(page);
    await screenshot(page, '03-flow-complete');

    await page.getByTestId('publish').click();
    await page.getByTestId('publish-confirm').click();
    await page.getByTestId('publish-success').waitFor();
    expect(await page.getByTestId('published-url').textContent()).toBe(`${served.runtimeUrl}/dev/users/:id`);
    await screenshot(page, '04-published');
    await page.keyboard.press('Escape');

    const seeder = await served.admin('POST', '/apis', createUser);
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
    expect(await apiRow(page, 'Get user').locator('[data-env="dev"]').getAttribute('data-state')).toBe('live');
    await select(page, 'fail');
    expect(await page.getByTestId('field-status').inputValue()).toBe('404');
    await screenshot(page, '05-after-reload');

    expect(problems).toEqual([]);
  }, JOURNEY_TIMEOUT_MS);

  it('deletes with the Delete key, undoes and redoes, and never deletes Request', async () => {
    const { page, problems } = world;
    await startWith(getUser);
    const nodes = page.locator('.react-flow__node');
    await expect.poll(() => nodes.count()).toBe(4);
    await select(page, 'fail');
    await page.keyboard.press('Delete');
    await expect.poll(() => nodes.count()).toBe(3);
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodes.count()).toBe(4);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => nodes.count()).toBe(3);
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodes.count()).toBe(4);
    await select(page, 'request');
    await page.keyboard.press('Delete');

    // Keys are handled in order: once the paste shows, the Delete before it was handled, and Request is still there.
    await select(page, 'respond');
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await page.locator(node('respond2')).waitFor();
    expect(await page.locator(node('request')).count()).toBe(1);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator(node('respond2')).count()).toBe(0);
    await waitSaved(page);
    expect(problems).toEqual([]);
  });

  it('renames, duplicates, searches and deletes APIs in the list', async () => {
    const { page, served, problems } = world;
    await startWith(getUser, createUser);
    await apiRow(page, 'Create user').hover();
    await page.getByRole('button', { name: 'Rename Create user' }).click();
    await page.getByRole('textbox', { name: 'API name' }).fill('Add user');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await served.admin('GET', '/apis')).body.map((api: { name: string }) => api.name).sort()).toEqual(['Add user', 'Get user']);

    await apiRow(page, 'Get user').hover();
    await page.getByRole('button', { name: 'Duplicate Get user' }).click();
    await apiRow(page, 'Get user copy').waitFor();
    await expect.poll(() => page.locator('.top-bar-name').textContent()).toBe('Get user copy');
    await page.locator(node('fail')).waitFor();

    await page.getByRole('textbox', { name: 'Search APIs' }).fill('copy');
    await expect.poll(() => page.getByTestId('api-row').count()).toBe(1);
    await apiRow(page, 'Get user copy').hover();
    await page.getByRole('button', { name: 'Delete Get user copy' }).click();
    await page.getByRole('dialog', { name: 'Delete this API?' }).getByRole('button', { name: 'Delete API' }).click();
    await expect.poll(() => page.getByTestId('api-row').count()).toBe(0);
    await page.getByRole('textbox', { name: 'Search APIs' }).fill('');
    await expect.poll(() => page.getByTestId('api-row').count()).toBe(2);
    expect((await served.admin('GET', '/apis')).body).toHaveLength(2);
    await screenshot(page, '06-api-list');
    expect(problems).toEqual([]);
  });

  it('looks right in dark mode and shows the shortcuts help', async () => {
    const { page, problems } = world;
    expect((await world.served.admin('POST', '/apis', getUser)).status).toBe(201);
    await page.emulateMedia({ colorScheme: 'dark' });
    await world.signIn();
    await apiRow(page, 'Get user').waitFor();
    await screenshot(page, '07-dark-no-api-open');
    await apiRow(page, 'Get user').locator('.api-row-main').click();
    await page.locator(node('fail')).waitFor();
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 300 } });
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await screenshot(page, '08-dark-shortcuts');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(0);
    await screenshot(page, '09-dark-editor');
    expect(problems).toEqual([]);
  });
});
