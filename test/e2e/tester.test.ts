import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getUser as getUserFixture } from '../fixtures/apis.js';
import type { Served } from '../support/serve.js';
import { screenshot } from './support/browser.js';
import { editorPerTest } from './support/workspace.js';
import { edit } from '../support/revisions.js';

const run = promisify(execFile);
const world = editorPerTest({ viewport: { width: 1440, height: 960 }, screenshotPrefix: 'tester-' });

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

/** The slow service the Slow report API calls: it keeps no state, so the file's tests share it. */
let slowService: Server;

type Published = { getUserId: string; createUserId: string; slowId: string };

/** Publishes Get user, Create user and Slow report to dev over the admin API and stores user 42 (Ada). */
async function publishApis(served: Served): Promise<Published> {
  const ids: string[] = [];
  const slowUrl = `http://127.0.0.1:${(slowService.address() as AddressInfo).port}/report`;
  // The slow service is on this machine: dev may call it (outbound settings refuse loopback by default).
  expect((await edit(served, 'PUT', '/environments/dev', { outbound: { allowPrivate: true, allowHosts: [] } })).status).toBe(200);
  for (const definition of [getUser, createUser, slowApi(slowUrl)]) {
    const created = await served.admin('POST', '/apis', definition);
    expect(created.status).toBe(201);
    expect((await served.admin('POST', `/apis/${created.body.id}/publish`, { environment: 'dev' })).status).toBe(200);
    ids.push(created.body.id);
  }
  const seeded = await fetch(`${served.runtimeUrl}/dev/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: '42', name: 'Ada' }) });
  expect(seeded.status).toBe(201);
  const [getUserId, createUserId, slowId] = ids as [string, string, string];
  return { getUserId, createUserId, slowId };
}

/** Publishes the APIs, signs in, opens Get user and the Tester with id 42. */
async function openTester(page: Page): Promise<Published> {
  const published = await publishApis(world.served);
  await world.signIn();
  await openApi(page, published.getUserId, 'user');
  await page.getByRole('tab', { name: 'Tester', exact: true }).click();
  await page.getByTestId('tester-param-id').fill('42');
  return published;
}

async function openApi(page: Page, apiId: string, nodeKey: string): Promise<void> {
  await page.locator(`[data-testid="api-row"][data-api-id="${apiId}"] .api-row-main`).click();
  await page.getByTestId(`node-${nodeKey}`).waitFor();
}

/** Issues a token over the admin API and pastes it into the tester, as a builder with a token from elsewhere would. */
async function pasteToken(page: Page, served: Served, name: string): Promise<string> {
  const token = (await served.admin('POST', '/tokens', { name, environment: 'dev' })).body.token as string;
  await page.getByTestId('tester-token').selectOption({ label: 'Paste a token…' });
  await page.getByTestId('tester-token-paste').fill(token);
  return token;
}

const node = (page: Page, key: string) => page.getByTestId(`node-${key}`);
const response = (page: Page) => page.getByTestId('tester-response');

async function send(page: Page, expected: number, mode: 'live' | 'draft' = 'live'): Promise<void> {
  const before = (await response(page).count()) > 0 ? await response(page).getAttribute('data-request-at') : null;
  await page.getByTestId(`tester-mode-${mode}`).click();
  await page.getByTestId('tester-send').click();
  await page.locator(`[data-testid="tester-response"][data-mode="${mode}"][data-status="${expected}"]`).waitFor();
  expect(await response(page).getAttribute('data-request-at')).not.toBe(before);
}

/** Selects a node and shows its form in the Inspector. */
async function inspect(page: Page, key: string): Promise<void> {
  await node(page, key).locator('.step-node-icon').click();
  await page.getByRole('tab', { name: 'Inspector', exact: true }).click();
}

async function waitSaved(page: Page): Promise<void> {
  await page.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
}

/** The console problems besides the expected refusals (401/404 answers and traces not kept). */
const unexpected = (problems: string[]): string[] => problems.filter((problem) => !/Failed to load resource: the server responded with a status of (401|404)/.test(problem));

describe('request tester', () => {
  beforeAll(async () => {
    slowService = createServer((_req, res) => setTimeout(() => res.end('{"done": true}'), SLOW_SERVICE_MS));
    await new Promise<void>((resolve) => slowService.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => {
    slowService?.closeAllConnections();
    slowService?.close();
  });

  it('answers 401 without a token, with no trace: stopped at authentication', async () => {
    const { page, served, problems } = world;
    await openTester(page);
    expect(await page.getByTestId('tester-url').textContent()).toBe(`${served.runtimeUrl}/dev/users/42`);
    await send(page, 401);
    expect(await page.getByTestId('tester-status').textContent()).toBe('401 Unauthorized');
    expect(await page.getByTestId('tester-trace-note').textContent()).toMatch(/stopped before the flow: authentication/i);
    expect(await page.getByTestId('tester-www-authenticate').textContent()).toMatch(/No token was sent/);
    expect(await page.locator('[data-run]').count()).toBe(0);
    await screenshot(page, 'tester-01-unauthorized');

    await page.getByTestId('tester-environment').selectOption('prod');
    await page.getByTestId('tester-send').click();
    await expect.poll(() => page.getByTestId('tester-failure').textContent()).toContain('Not published in prod');
    expect(unexpected(problems)).toEqual([]);
  });

  it('sends with a token created in the Tokens panel and lights the path with durations', async () => {
    const { page, problems } = world;
    await openTester(page);
    await page.getByRole('tab', { name: 'Tokens', exact: true }).click();
    await page.getByTestId('create-token').first().click();
    await page.getByTestId('token-name').fill('tester-ui');
    await page.getByTestId('token-submit').click();
    const uiToken = (await page.getByTestId('issued-token').textContent())!.trim();
    await page.getByRole('button', { name: 'Try it now' }).click();
    await page.getByTestId('token-confirm-close').click();
    await expect.poll(() => page.locator('#tester-token-select option:checked').textContent()).toBe('tester-ui (dev)');

    await page.keyboard.press('Control+Enter');
    await page.locator('[data-testid="tester-response"][data-status="200"]').waitFor();
    expect(await page.getByTestId('tester-answered-by').textContent()).toBe('Live · dev');
    expect(await page.getByTestId('tester-rate-limit').textContent()).toMatch(/49 of 50 left, resets in \d+ s/);
    expect(await page.getByTestId('tester-body').textContent()).toContain('"Ada"');

    for (const key of ['request', 'user', 'ok']) {
      await expect.poll(() => node(page, key).getAttribute('data-run')).toBe('ok');
      expect(await node(page, key).getByTestId('node-run').textContent()).toMatch(/\d+(\.\d+)? ms$/);
    }
    expect(await node(page, 'user').getByTestId('node-run').textContent()).toMatch(/^→ found · /);
    expect(await node(page, 'notFound').getAttribute('data-run')).toBeNull();
    expect(await page.locator('.step-edge.was-taken').count()).toBe(2);
    await screenshot(page, 'tester-02-lit-path');

    await node(page, 'user').locator('.step-node-icon').click();
    const popover = page.getByTestId('trace-popover');
    expect(await popover.getByTestId('trace-popover-json').textContent()).toContain('"Ada"');
    await popover.getByTestId('trace-popover-input').click();
    const input = (await popover.getByTestId('trace-popover-json').textContent())!;
    for (const part of ['"request"', '"params"', '"42"', '"token"', '"tester-ui"', '"env"', '"steps"']) expect(input).toContain(part);
    expect(input).not.toContain(uiToken);
    await screenshot(page, 'tester-03-step-input');
    await popover.getByRole('button', { name: 'Close' }).click();
    expect(unexpected(problems)).toEqual([]);
  });

  it('runs an unpublished change in Draft mode while Live keeps the published behaviour', async () => {
    const { page, served, problems } = world;
    await openTester(page);
    await pasteToken(page, served, 'draft-check');
    await send(page, 200, 'live');

    await inspect(page, 'ok');
    await page.getByTestId('field-status').fill('203');
    // Editing the flow drops the now stale trace.
    await expect.poll(() => page.locator('[data-run]').count()).toBe(0);
    await waitSaved(page);
    await page.getByRole('tab', { name: 'Tester', exact: true }).click();
    await send(page, 203, 'draft');
    expect(await page.getByTestId('tester-answered-by').textContent()).toBe('Draft · dev');
    await send(page, 200, 'live');

    await inspect(page, 'ok');
    const body = page.locator('[data-field="body"] .cm-content');
    await body.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type("$error('the users service is down')");
    await page.keyboard.press('Escape');
    await waitSaved(page);
    await page.getByRole('tab', { name: 'Tester', exact: true }).click();
    await send(page, 500, 'draft');
    await expect.poll(() => node(page, 'ok').getAttribute('data-run')).toBe('failed');
    expect(await node(page, 'ok').getByTestId('node-run').textContent()).toContain('the users service is down');
    expect(await page.getByTestId('tester-failed-step').textContent()).toContain('Failed at “ok”');
    await screenshot(page, 'tester-04-draft-failing-node');

    await send(page, 200, 'live');
    expect(await response(page).getAttribute('data-status')).toBe('200');
    expect(unexpected(problems)).toEqual([]);
  });

  it('copies a curl command that gives the same status when run, with the token as $FLOWGATE_TOKEN', async () => {
    const { page, served, context, problems } = world;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.adminUrl });
    await openTester(page);
    const token = await pasteToken(page, served, 'curl-check');
    await send(page, 200, 'live');

    await page.getByTestId('tester-code-open').click();
    const curl = (await page.getByTestId('tester-code').textContent())!;
    expect(curl).toContain('$FLOWGATE_TOKEN');
    expect(curl).not.toContain(token);
    await screenshot(page, 'tester-05-copy-as-curl');
    await page.getByRole('button', { name: /^Copy curl/ }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(curl);

    const { stdout } = await run('bash', ['-c', curl], { env: { ...process.env, FLOWGATE_TOKEN: token } });
    expect(stdout.split('\r\n')[0]).toMatch(/^HTTP\/1\.1 200 /);
    const { stdout: unauthorized } = await run('bash', ['-c', curl], { env: { ...process.env, FLOWGATE_TOKEN: '' } });
    expect(unauthorized.split('\r\n')[0]).toMatch(/^HTTP\/1\.1 401 /);

    await page.getByTestId('tester-code-fetch').click();
    expect(await page.getByTestId('tester-code').textContent()).toContain('process.env.FLOWGATE_TOKEN');
    await page.getByTestId('tester-include-token').check();
    expect(await page.getByTestId('tester-code').textContent()).toContain(token);
    await page.getByTestId('tester-code-close').click();
    expect(unexpected(problems)).toEqual([]);
  });

  it('keeps a history per API without tokens', async () => {
    const { page, served, problems } = world;
    await openTester(page);
    const pasted = await pasteToken(page, served, 'pasted-cli');
    await send(page, 200, 'live');
    await page.getByTestId('tester-tab-headers').click();
    const headers = page.getByTestId('tester-headers');
    await headers.getByRole('button', { name: 'Add header' }).click();
    await headers.getByRole('textbox', { name: 'header name' }).fill('Authorization');
    await headers.getByRole('textbox', { name: 'Authorization value' }).fill(`Bearer ${pasted}`);
    await page.getByTestId('tester-tab-params').click();
    await page.getByTestId('tester-param-id').fill('7');
    await send(page, 404, 'live');
    expect(await node(page, 'notFound').getAttribute('data-run')).toBe('ok');

    // The history lives in localStorage, which outlives the tab: no token in it, pasted or in a header.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(stored).toContain('/dev/users/7');
    for (const secret of [pasted, pasted.slice(-24)]) expect(stored).not.toContain(secret);
    expect(stored.toLowerCase()).not.toContain('bearer');

    await page.getByTestId('tester-tab-history').click();
    const entries = page.getByTestId('tester-history').locator('li');
    await expect.poll(() => entries.count()).toBe(2);
    await screenshot(page, 'tester-06-history');
    await entries.filter({ hasText: '/dev/users/42' }).first().locator('button').click();
    expect(await page.getByTestId('tester-url').textContent()).toBe(`${served.runtimeUrl}/dev/users/42`);
    await page.getByTestId('tester-clear-trace').click();
    await expect.poll(() => page.locator('[data-run]').count()).toBe(0);
    expect(unexpected(problems)).toEqual([]);
  });

  it('hints the body from its schema, and refuses a body that does not fit it before the flow', async () => {
    const { page, problems } = world;
    const { createUserId } = await openTester(page);
    await openApi(page, createUserId, 'created');
    await page.getByTestId('tester-tab-body').click();
    const editor = page.locator('.tester-body .cm-content');
    await expect.poll(() => editor.textContent()).toContain('"Grace"');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('{"id": 7');
    await expect.poll(() => page.getByTestId('tester-body-hints').textContent()).toContain('body is missing “name”');
    await send(page, 400, 'draft');
    expect(await page.getByTestId('tester-trace-note').textContent()).toMatch(/stopped before the flow/i);
    await screenshot(page, 'tester-07-body-hints');
    await page.getByTestId('tester-insert-example').click();
    await send(page, 201, 'draft');
    expect(await page.getByTestId('tester-body').textContent()).toContain('"Grace"');
    await expect.poll(() => page.getByTestId('node-created').getAttribute('data-run')).toBe('ok');
    expect(unexpected(problems)).toEqual([]);
  });

  it('cancels a slow request', async () => {
    const { page, problems } = world;
    const { slowId } = await openTester(page);
    await openApi(page, slowId, 'report');
    await page.getByTestId('tester-mode-live').click();
    await page.getByTestId('tester-send').click();
    await page.getByTestId('tester-cancel').click();
    await expect.poll(() => page.getByTestId('tester-failure').textContent()).toContain('Cancelled');
    await page.getByTestId('tester-send').waitFor();
    expect(unexpected(problems)).toEqual([]);
  });
});
