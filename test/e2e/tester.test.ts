import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getUser as getUserFixture } from '../fixtures/apis.js';
import { serve, type Served } from '../support/serve.js';
import { E2E_STEP_TIMEOUT_MS, launchChromium, screenshot, watchConsole, screenshotOnFailure } from './support/browser.js';

const run = promisify(execFile);
const VIEWPORT = { width: 1440, height: 960 };

/** GET /users/:id behind a token: record.get → respond 200, or fail 404. */
const getUser = getUserFixture({ auth: { required: true, keyGroupIds: [], scopes: [] }, rateLimit: { requests: 50, perSeconds: 60 } });

/** A public POST /users that stores its body: how the test seeds a record. */
const createUser = {
  name: 'Create user',
  method: 'POST',
  path: '/users',
  bodySchema: { type: 'object', required: ['name'], properties: { id: { type: 'string', example: '43' }, name: { type: 'string', example: 'Grace' } } },
  flow: {
    nodes: [
      { id: 'n1', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 'n2', type: 'record.insert', key: 'created', position: { x: 260, y: 0 }, config: { collection: 'users', document: 'request.body' } },
      { id: 'n3', type: 'respond', key: 'ok', position: { x: 520, y: 0 }, config: { status: 201, body: 'steps.created' } },
    ],
    edges: [
      { id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' },
      { id: 'e2', source: 'n2', sourceHandle: 'out', target: 'n3' },
    ],
  },
};

/** GET /slow: calls a service that takes its time, so a send can be cancelled. */
const slowApi = (url: string) => ({
  name: 'Slow report',
  method: 'GET',
  path: '/slow',
  flow: {
    nodes: [
      { id: 'n1', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 'n2', type: 'http.request', key: 'report', position: { x: 260, y: 0 }, config: { method: 'GET', url: JSON.stringify(url), timeoutMs: 10_000 } },
      { id: 'n3', type: 'respond', key: 'ok', position: { x: 520, y: 0 }, config: { status: 200, body: 'steps.report.body' } },
    ],
    edges: [
      { id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' },
      { id: 'e2', source: 'n2', sourceHandle: 'ok', target: 'n3' },
      { id: 'e3', source: 'n2', sourceHandle: 'error', target: 'n3' },
    ],
  },
});
const SLOW_SERVICE_MS = 4_000;

let served: Served;
let slowService: Server;
let slowId: string;
let browser: Browser;
let page: Page;
let consoleProblems: string[];
let apiId: string;
let seederId: string;
/** The token created in the Tokens panel, kept by the page in memory only. */
let uiToken = '';

const node = (key: string) => page.getByTestId(`node-${key}`);
const response = () => page.getByTestId('tester-response');
const statusOf = async (): Promise<string | null> => response().getAttribute('data-status');

async function send(expected: number, mode: 'live' | 'draft' = 'live'): Promise<void> {
  const before = (await response().count()) > 0 ? await response().getAttribute('data-request-at') : null;
  await page.getByTestId(`tester-mode-${mode}`).click();
  await page.getByTestId('tester-send').click();
  await page.locator(`[data-testid="tester-response"][data-mode="${mode}"][data-status="${expected}"]`).waitFor();
  expect(await response().getAttribute('data-request-at')).not.toBe(before);
}

async function selectNode(key: string): Promise<void> {
  await node(key).locator('.step-node-icon').click();
}

/** Selects a node and shows its form in the Inspector. */
async function inspect(key: string): Promise<void> {
  await selectNode(key);
  await page.getByRole('tab', { name: 'Inspector', exact: true }).click();
}

async function waitSaved(): Promise<void> {
  await page.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
}

describe('request tester', () => {
  beforeAll(async () => {
    [served, browser] = await Promise.all([serve(), launchChromium()]);
    const created = await served.admin('POST', '/apis', getUser);
    apiId = created.body.id;
    seederId = (await served.admin('POST', '/apis', createUser)).body.id;
    for (const id of [apiId, seederId]) expect((await served.admin('POST', `/apis/${id}/publish`, { environment: 'dev' })).status).toBe(200);
    slowService = createServer((_req, res) => setTimeout(() => res.end('{"done": true}'), SLOW_SERVICE_MS));
    await new Promise<void>((resolve) => slowService.listen(0, '127.0.0.1', resolve));
    slowId = (await served.admin('POST', '/apis', slowApi(`http://127.0.0.1:${(slowService.address() as AddressInfo).port}/report`))).body.id;
    expect((await served.admin('POST', `/apis/${slowId}/publish`, { environment: 'dev' })).status).toBe(200);
    const seeded = await fetch(`${served.runtimeUrl}/dev/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: '42', name: 'Ada' }) });
    expect(seeded.status).toBe(201);

    const context = await browser.newContext({ viewport: VIEWPORT });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.adminUrl });
    page = await context.newPage();
    page.setDefaultTimeout(E2E_STEP_TIMEOUT_MS);
    consoleProblems = watchConsole(page).problems;
    await page.goto(served.loginUrl);
    await page.locator(`[data-testid="api-row"][data-api-id="${apiId}"] .api-row-main`).click();
    await node('user').waitFor();
  });

  screenshotOnFailure('tester-', () => page);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    slowService?.closeAllConnections();
    slowService?.close();
  });

  it('answers 401 without a token, with no trace: stopped at authentication', async () => {
    await page.getByRole('tab', { name: 'Tester', exact: true }).click();
    await page.getByTestId('tester-param-id').fill('42');
    expect(await page.getByTestId('tester-url').textContent()).toBe(`${served.runtimeUrl}/dev/users/42`);
    await send(401);
    expect(await page.getByTestId('tester-status').textContent()).toBe('401 Unauthorized');
    expect(await page.getByTestId('tester-trace-note').textContent()).toMatch(/stopped before the flow: authentication/i);
    expect(await page.getByTestId('tester-www-authenticate').textContent()).toMatch(/No token was sent/);
    expect(await page.locator('[data-run]').count()).toBe(0);
    await screenshot(page, 'tester-01-unauthorized');

    await page.getByTestId('tester-environment').selectOption('prod');
    await page.getByTestId('tester-send').click();
    expect(await page.getByTestId('tester-failure').textContent()).toContain('Not published in prod');
    await page.getByTestId('tester-environment').selectOption('dev');
  });

  it('sends with a token created in the Tokens panel and lights the path with durations', async () => {
    await page.getByRole('tab', { name: 'Tokens', exact: true }).click();
    await page.getByTestId('create-token').first().click();
    await page.getByTestId('token-name').fill('tester-ui');
    await page.getByTestId('token-submit').click();
    uiToken = (await page.getByTestId('issued-token').textContent())!.trim();
    await page.getByRole('button', { name: 'Try it now' }).click();
    await page.getByTestId('token-confirm-close').click();
    await expect.poll(() => page.locator('#tester-token-select option:checked').textContent()).toBe('tester-ui (dev)');

    await page.keyboard.press('Control+Enter');
    await page.locator('[data-testid="tester-response"][data-status="200"]').waitFor();
    expect(await page.getByTestId('tester-answered-by').textContent()).toBe('Live · dev');
    expect(await page.getByTestId('tester-rate-limit').textContent()).toMatch(/49 of 50 left, resets in \d+ s/);
    expect(await page.getByTestId('tester-body').textContent()).toContain('"Ada"');

    for (const key of ['request', 'user', 'ok']) {
      await expect.poll(() => node(key).getAttribute('data-run')).toBe('ok');
      expect(await node(key).getByTestId('node-run').textContent()).toMatch(/\d+(\.\d+)? ms$/);
    }
    expect(await node('user').getByTestId('node-run').textContent()).toMatch(/^→ found · /);
    expect(await node('notFound').getAttribute('data-run')).toBeNull();
    expect(await page.locator('.step-edge.was-taken').count()).toBe(2);
    await screenshot(page, 'tester-02-lit-path');

    await selectNode('user');
    const popover = page.getByTestId('trace-popover');
    expect(await popover.getByTestId('trace-popover-json').textContent()).toContain('"Ada"');
    await popover.getByTestId('trace-popover-input').click();
    const input = (await popover.getByTestId('trace-popover-json').textContent())!;
    for (const part of ['"request"', '"params"', '"42"', '"token"', '"tester-ui"', '"env"', '"steps"']) expect(input).toContain(part);
    expect(input).not.toContain(uiToken);
    await screenshot(page, 'tester-03-step-input');
    await popover.getByRole('button', { name: 'Close' }).click();
  });

  it('runs an unpublished change in Draft mode while Live keeps the published behaviour', async () => {
    await inspect('ok');
    await page.getByTestId('field-status').fill('203');
    // Editing the flow drops the now stale trace.
    await expect.poll(() => page.locator('[data-run]').count()).toBe(0);
    await waitSaved();
    await send(203, 'draft');
    expect(await page.getByTestId('tester-answered-by').textContent()).toBe('Draft · dev');
    await send(200, 'live');

    await inspect('ok');
    const body = page.locator('[data-field="body"] .cm-content');
    await body.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type("$error('the users service is down')");
    await page.keyboard.press('Escape');
    await waitSaved();
    await send(500, 'draft');
    await expect.poll(() => node('ok').getAttribute('data-run')).toBe('failed');
    expect(await node('ok').getByTestId('node-run').textContent()).toContain('the users service is down');
    expect(await page.getByTestId('tester-failed-step').textContent()).toContain('Failed at “ok”');
    await screenshot(page, 'tester-04-draft-failing-node');

    await send(200, 'live');
    expect(await statusOf()).toBe('200');
  });

  it('copies a curl command that gives the same status when run, with the token as $FLOWGATE_TOKEN', async () => {
    await page.getByTestId('tester-code-open').click();
    const curl = (await page.getByTestId('tester-code').textContent())!;
    expect(curl).toContain('$FLOWGATE_TOKEN');
    expect(curl).not.toContain(uiToken);
    await screenshot(page, 'tester-05-copy-as-curl');
    await page.getByRole('button', { name: /^Copy curl/ }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(curl);

    const { stdout } = await run('bash', ['-c', curl], { env: { ...process.env, FLOWGATE_TOKEN: uiToken } });
    expect(stdout.split('\r\n')[0]).toMatch(/^HTTP\/1\.1 200 /);
    const { stdout: unauthorized } = await run('bash', ['-c', curl], { env: { ...process.env, FLOWGATE_TOKEN: '' } });
    expect(unauthorized.split('\r\n')[0]).toMatch(/^HTTP\/1\.1 401 /);

    await page.getByTestId('tester-code-fetch').click();
    expect(await page.getByTestId('tester-code').textContent()).toContain('process.env.FLOWGATE_TOKEN');
    await page.getByTestId('tester-include-token').check();
    expect(await page.getByTestId('tester-code').textContent()).toContain(uiToken);
    await page.getByTestId('tester-code-close').click();
  });

  it('keeps a history per API without tokens, hints the body from its schema and cancels a slow request', async () => {
    const pasted = (await served.admin('POST', '/tokens', { name: 'pasted-cli', environment: 'dev' })).body.token as string;
    await page.getByTestId('tester-token').selectOption({ label: 'Paste a token…' });
    await page.getByTestId('tester-token-paste').fill(pasted);
    await page.getByTestId('tester-tab-headers').click();
    const headers = page.getByTestId('tester-headers');
    await headers.getByRole('button', { name: 'Add header' }).click();
    await headers.getByRole('textbox', { name: 'header name' }).fill('Authorization');
    await headers.getByRole('textbox', { name: 'Authorization value' }).fill(`Bearer ${pasted}`);
    await page.getByTestId('tester-tab-params').click();
    await page.getByTestId('tester-param-id').fill('7');
    await send(404, 'live');
    expect(await node('notFound').getAttribute('data-run')).toBe('ok');

    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).toContain('/dev/users/7');
    for (const secret of [pasted, uiToken, pasted.slice(-24), uiToken.slice(-24)]) expect(stored).not.toContain(secret);
    expect(stored.toLowerCase()).not.toContain('bearer');

    await page.getByTestId('tester-tab-history').click();
    const entries = page.getByTestId('tester-history').locator('li');
    expect(await entries.count()).toBeGreaterThanOrEqual(7);
    await screenshot(page, 'tester-06-history');
    await entries.filter({ hasText: '/dev/users/42' }).first().locator('button').click();
    expect(await page.getByTestId('tester-url').textContent()).toBe(`${served.runtimeUrl}/dev/users/42`);
    await page.getByTestId('tester-clear-trace').click();
    expect(await page.locator('[data-run]').count()).toBe(0);

    await page.locator(`[data-testid="api-row"][data-api-id="${seederId}"] .api-row-main`).click();
    await page.getByTestId('node-created').waitFor();
    await page.getByTestId('tester-tab-body').click();
    const editor = page.locator('.tester-body .cm-content');
    expect(await editor.textContent()).toContain('"Grace"');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('{"id": 7');
    expect(await page.getByTestId('tester-body-hints').textContent()).toContain('body is missing “name”');
    await send(400, 'draft');
    expect(await page.getByTestId('tester-trace-note').textContent()).toMatch(/stopped before the flow/i);
    await screenshot(page, 'tester-07-body-hints');
    await page.getByTestId('tester-insert-example').click();
    await send(201, 'draft');
    expect(await page.getByTestId('tester-body').textContent()).toContain('"Grace"');
    await expect.poll(() => page.getByTestId('node-created').getAttribute('data-run')).toBe('ok');

    await page.locator(`[data-testid="api-row"][data-api-id="${slowId}"] .api-row-main`).click();
    await page.getByTestId('node-report').waitFor();
    await page.getByTestId('tester-mode-live').click();
    await page.getByTestId('tester-send').click();
    await page.getByTestId('tester-cancel').click();
    expect(await page.getByTestId('tester-failure').textContent()).toContain('Cancelled');
    await page.getByTestId('tester-send').waitFor();

    // Only the expected refusals (401/404 answers and traces not kept) reach the console.
    expect(consoleProblems.filter((problem) => !/Failed to load resource: the server responded with a status of (401|404)/.test(problem))).toEqual([]);
  });
});
