import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edit } from '../support/revisions.js';
import { screenshot } from './support/browser.js';
import { edge, readRecordApi, request } from './support/flows.js';
import { editorPerTest } from './support/workspace.js';

const world = editorPerTest({ viewport: { width: 1280, height: 800 }, screenshotPrefix: 'draft-data-', context: { locale: 'en-US' } });

/** POST /users storing its body; the schema's examples give the tester its starting body (id 43, Grace). */
const createUser = {
  name: 'Create user', method: 'POST', path: '/users',
  bodySchema: { type: 'object', required: ['name'], properties: { id: { type: 'string', example: '43' }, name: { type: 'string', example: 'Grace' } } },
  flow: {
    nodes: [
      request,
      { id: 'n2', type: 'record.insert', key: 'created', position: { x: 260, y: 0 }, config: { collection: 'users', document: 'request.body' } },
      { id: 'n3', type: 'respond', key: 'ok', position: { x: 520, y: 0 }, config: { status: 201, body: 'steps.created' } },
    ],
    edges: [edge('e1', 'n1', 'n2'), edge('e2', 'n2', 'n3')],
  },
};
const getUser = readRecordApi({ name: 'Get user', path: '/users/:id', collection: 'users', key: 'user' });
const callOut = (url: string) => ({
  name: 'Call out', method: 'GET', path: '/call',
  flow: {
    nodes: [
      request,
      { id: 'n2', type: 'http.request', key: 'upstream', position: { x: 260, y: 0 }, config: { method: 'GET', url: JSON.stringify(url), timeoutMs: 5000 } },
      { id: 'n3', type: 'respond', key: 'ok', position: { x: 520, y: -80 }, config: { status: 200, body: 'steps.upstream.body' } },
      { id: 'n4', type: 'fail', key: 'down', position: { x: 520, y: 80 }, config: { status: 502, code: 'upstream_down', message: '"down"' } },
    ],
    edges: [edge('e1', 'n1', 'n2'), edge('e2', 'n2', 'n3', 'ok'), edge('e3', 'n2', 'n4', 'error')],
  },
});

let upstream: Server;
let upstreamHost: string;

async function openApi(page: Page, apiId: string, nodeKey: string): Promise<void> {
  await page.locator(`[data-testid="api-row"][data-api-id="${apiId}"] .api-row-main`).click();
  await page.getByTestId(`node-${nodeKey}`).waitFor();
  await page.getByRole('tab', { name: 'Tester', exact: true }).click();
}

async function sendDraft(page: Page, expected: number): Promise<void> {
  const answer = page.getByTestId('tester-response');
  const before = (await answer.count()) > 0 ? await answer.getAttribute('data-request-at') : null;
  await page.getByTestId('tester-mode-draft').click();
  await page.getByTestId('tester-send').click();
  // A new answer, not the one before it (which may have the same status).
  await expect.poll(async () => ((await answer.count()) > 0 ? answer.getAttribute('data-request-at') : null)).not.toBe(before);
  await page.locator(`[data-testid="tester-response"][data-mode="draft"][data-status="${expected}"]`).waitFor();
}

describe('Draft data in the tester', () => {
  beforeAll(async () => {
    upstream = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"from": "upstream"}'));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamHost = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    upstream?.closeAllConnections();
    upstream?.close();
  });

  it('a Draft POST stays in the session’s Draft data: the published GET never sees it, Reset forgets it, the log tags it', async () => {
    const { page, served, problems } = world;
    const ids: string[] = [];
    for (const api of [createUser, getUser]) {
      const created = await served.admin('POST', '/apis', api);
      expect((await served.admin('POST', `/apis/${created.body.id}/publish`, { environment: 'dev' })).status).toBe(200);
      ids.push(created.body.id as string);
    }
    const [createId, getId] = ids as [string, string];
    await world.signIn();

    await openApi(page, createId, 'created');
    await page.getByTestId('tester-tab-body').click();
    await page.getByTestId('tester-insert-example').click();
    await sendDraft(page, 201);
    expect((await fetch(`${served.runtimeUrl}/dev/users/43`)).status).toBe(404);

    await openApi(page, getId, 'user');
    await page.getByTestId('tester-param-id').fill('43');
    await sendDraft(page, 200);
    expect(await page.getByTestId('tester-body').textContent()).toContain('Grace');
    await screenshot(page, 'draft-data-01-draft-sees-its-insert');

    await page.getByTestId('tester-reset-draft-data').click();
    await page.getByText('Draft data reset: Draft runs see the live records again').waitFor();
    await sendDraft(page, 404);

    await page.getByRole('tab', { name: 'Requests', exact: true }).click();
    await page.getByTestId('log-filter-source').selectOption('draft');
    await expect.poll(() => page.locator('[data-testid="log-row"][data-source="draft"]').count()).toBe(3);
    // The filtered page replaces the unfiltered one a moment later: wait for the live rows to go.
    await expect.poll(() => page.locator('[data-testid="log-row"][data-source="live"]').count()).toBe(0);
    expect(await page.getByTestId('log-draft').first().textContent()).toBe('Draft');
    await screenshot(page, 'draft-data-02-request-log-draft-rows');
    expect(problems.filter((line) => !/status of 404/.test(line))).toEqual([]);
  });

  it('asks once per session before a Draft calls out, then sends again', async () => {
    const { page, served, problems } = world;
    expect((await edit(served, 'PUT', '/environments/dev', { outbound: { allowPrivate: true, allowHosts: [] } })).status).toBe(200);
    const created = await served.admin('POST', '/apis', callOut(`http://${upstreamHost}/`));
    await world.signIn();
    await openApi(page, created.body.id as string, 'upstream');
    await sendDraft(page, 500);
    const ask = page.getByTestId('tester-allow-call');
    expect(await ask.textContent()).toContain(`This draft calls ${upstreamHost}: allow for this session?`);
    await screenshot(page, 'draft-data-03-allow-call');
    await page.getByTestId('tester-allow-call-yes').click();
    await page.locator('[data-testid="tester-response"][data-mode="draft"][data-status="200"]').waitFor();
    expect(await ask.count()).toBe(0);
    await sendDraft(page, 200);
    expect(problems.filter((line) => !/status of 500/.test(line))).toEqual([]);
  });
});
