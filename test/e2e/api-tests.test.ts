import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.js';
import { editorPerTest } from './support/workspace.js';

const world = editorPerTest({ viewport: { width: 1440, height: 960 }, screenshotPrefix: 'api-tests-' });

/** GET /greet/:name: "admin" is refused (the true side of the check), anyone else greeted. */
const greet = {
  name: 'Greet',
  method: 'GET',
  path: '/greet/:name',
  flow: {
    nodes: [
      { id: 'r', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      {
        id: 'c', type: 'condition', typeVersion: 2, key: 'isAdmin', position: { x: 260, y: 0 },
        config: { expression: { match: 'all', rules: [{ field: 'request.params.name', operator: 'equals', value: 'admin' }] } },
      },
      { id: 'f', type: 'fail', key: 'refused', position: { x: 540, y: -90 }, config: { status: 403, code: 'forbidden', message: "'no greeting for admin'" } },
      { id: 'o', type: 'respond', key: 'ok', position: { x: 540, y: 90 }, config: { status: 200, body: '{"msg": "hi " & request.params.name}' } },
    ],
    edges: [
      { id: 'e1', source: 'r', sourceHandle: 'out', target: 'c' },
      { id: 'e2', source: 'c', sourceHandle: 'true', target: 'f' },
      { id: 'e3', source: 'c', sourceHandle: 'false', target: 'o' },
    ],
  },
};

const node = (page: Page, key: string) => page.getByTestId(`node-${key}`);
/** The Tests tab, named "Tests" and its count of failing tests, if any. */
const testsTab = (page: Page) => page.getByRole('tab', { name: /^Tests/ });
const testRow = (page: Page, name: string) => page.locator(`[data-testid="test-row"][data-test-name="${name}"]`);

async function openGreet(page: Page, apiId: string): Promise<void> {
  await page.locator(`[data-testid="api-row"][data-api-id="${apiId}"] .api-row-main`).click();
  await node(page, 'isAdmin').waitFor();
}

/** Sends a Draft request for the name and saves its answer as a test, keeping what the dialog ticks (status and body.msg). */
async function saveAnswerAsTest(page: Page, name: string): Promise<string> {
  await page.getByRole('tab', { name: 'Tester', exact: true }).click();
  await page.getByTestId('tester-param-name').fill(name);
  await page.getByTestId('tester-mode-draft').click();
  const before = await page.getByTestId('tester-response').getAttribute('data-request-at').catch(() => null);
  await page.getByTestId('tester-send').click();
  await page.locator('[data-testid="tester-response"][data-status="200"]').waitFor();
  await expect.poll(() => page.getByTestId('tester-response').getAttribute('data-request-at')).not.toBe(before);
  await page.getByTestId('save-as-test').click();
  expect(await page.getByTestId('expect-status').isChecked()).toBe(true);
  expect(await page.getByTestId('expect-body.msg').isChecked()).toBe(true);
  expect(await page.getByTestId('expect-bodyEquals').isChecked()).toBe(false);
  const testName = await page.getByTestId('save-test-name').inputValue();
  expect(testName).toBe(`GET /greet/${name} → 200`);
  await page.getByTestId('save-test-confirm').click();
  await page.getByTestId('save-test-confirm').waitFor({ state: 'detached' });
  return testName;
}

/** Replaces the Respond step's body expression, as a builder types it. */
async function setBody(page: Page, expression: string): Promise<void> {
  await node(page, 'ok').locator('.step-node-icon').click();
  await page.getByRole('tab', { name: 'Inspector', exact: true }).click();
  await page.locator('[data-field="body"] .cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(expression);
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
}

async function runAll(page: Page): Promise<void> {
  await testsTab(page).click();
  await page.getByTestId('tests-run-all').click();
  await expect.poll(() => page.getByTestId('tests-run-all').textContent()).toContain('Run all');
}

describe('API tests in the editor', () => {
  it('saves two tester answers as tests, fails them with a diff after a breaking edit, shows coverage with the untested branch, and is green once fixed', async () => {
    const { page, served, signIn, problems, context } = world;
    const created = await served.admin('POST', '/apis', greet);
    expect(created.status).toBe(201);
    // A taller bottom area, as a builder reading results drags it: the screenshots show the diff whole.
    await context.addInitScript(() => localStorage.setItem('flowgate.bottomHeight', '430'));
    await signIn();
    await openGreet(page, created.body.id);

    const first = await saveAnswerAsTest(page, 'ada');
    const second = await saveAnswerAsTest(page, 'grace');

    await runAll(page);
    await expect.poll(() => page.locator('[data-testid="test-row"][data-state="passed"]').count()).toBe(2);
    expect(await page.getByTestId('tests-summary').textContent()).toContain('2 passed');

    // Coverage: the false side ran twice, the true side (admin refused) never; it is listed and outlined.
    expect(await page.getByTestId('coverage-percent').textContent()).toBe('66%');
    const untested = page.getByTestId('untested-branch');
    expect(await untested.count()).toBe(1);
    expect(await untested.textContent()).toBe('the true side of isAdmin');
    expect(await node(page, 'ok').getByTestId('node-coverage').textContent()).toBe('×2');
    expect(await node(page, 'refused').getAttribute('class')).toContain('cov-untested');
    expect(await node(page, 'isAdmin').locator('[data-port="true"]').getAttribute('class')).toContain('port-untested');
    expect(await page.locator('.step-edge.cov-untested').count()).toBe(1);
    expect(await page.locator('.step-edge.cov-reached').count()).toBe(2);
    expect(await page.locator(`[data-testid="api-row"][data-api-id="${created.body.id}"] [data-testid="api-coverage"]`).textContent()).toBe('66%');
    await screenshot(page, 'api-tests-01-coverage');

    await setBody(page, '{"msg": "bye " & request.params.name}');
    await runAll(page);
    await expect.poll(() => page.locator('[data-testid="test-row"][data-state="failed"]').count()).toBe(2);
    await testRow(page, first).locator('.test-row-main').click();
    const result = page.getByTestId('test-result');
    expect(await result.getAttribute('data-passed')).toBe('false');
    const failure = result.locator('[data-testid="test-failure"][data-check="body"]');
    expect(await failure.textContent()).toContain('msg is "bye ada", expected "hi ada"');
    const diff = failure.getByTestId('test-diff').locator('tbody tr');
    expect(await diff.count()).toBe(1);
    expect(await diff.locator('td').allTextContents()).toEqual(['msg', '"hi ada"', '"bye ada"']);
    expect(await failure.getByTestId('test-expected').textContent()).toContain('"msg": "hi ada"');
    expect(await failure.getByTestId('test-actual').textContent()).toContain('"msg": "bye ada"');
    expect(await page.getByTestId('tests-badge').textContent()).toBe('2');
    await page.getByRole('button', { name: 'Fold the side panel' }).click();
    await screenshot(page, 'api-tests-02-failed-with-diff');

    await setBody(page, '{"msg": "hi " & request.params.name}');
    await testsTab(page).click();
    await page.getByTestId('tests-rerun-failed').click();
    await expect.poll(() => page.locator('[data-testid="test-row"][data-state="passed"]').count()).toBe(2);
    expect(await testRow(page, second).getAttribute('data-state')).toBe('passed');
    expect(await page.getByTestId('tests-badge').count()).toBe(0);
    expect(problems.filter((problem) => !/status of (401|404|409)/.test(problem))).toEqual([]);
  });

  it('warns at Publish when the draft fails its tests, shows why, and still publishes when asked', async () => {
    const { page, served, signIn } = world;
    const created = await served.admin('POST', '/apis', greet);
    const apiId = created.body.id as string;
    expect((await served.admin('POST', `/apis/${apiId}/tests`, { name: 'greets ada', request: { params: { name: 'ada' } }, expect: { status: 200, body: { msg: 'hello ada' } } })).status).toBe(201);
    await signIn();
    await openGreet(page, apiId);

    await page.getByTestId('publish').click();
    await page.getByTestId('publish-confirm').click();
    const warning = page.getByTestId('publish-tests-failed');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('The draft fails 1 of its 1 test');
    expect(await warning.getByTestId('test-diff').locator('tbody td').allTextContents()).toEqual(['msg', '"hello ada"', '"hi ada"']);
    expect(await page.getByTestId('publish-success').count()).toBe(0);
    await screenshot(page, 'api-tests-03-publish-warning');
    await page.getByTestId('publish-anyway').click();
    await page.getByTestId('publish-success').waitFor();
    expect((await served.admin('GET', `/apis/${apiId}`)).body.deployments.map((d: { environment: string }) => d.environment)).toEqual(['dev']);
  });

  it('saves a request-log row as a test that replays it', async () => {
    const { page, served, signIn } = world;
    const created = await served.admin('POST', '/apis', greet);
    const apiId = created.body.id as string;
    expect((await served.admin('POST', `/apis/${apiId}/publish`, { environment: 'dev' })).status).toBe(200);
    const called = await fetch(`${served.runtimeUrl}/dev/greet/admin`, { headers: { 'x-flowgate-trace': '1' } });
    expect(called.status).toBe(403);
    await signIn();
    await openGreet(page, apiId);
    await page.getByRole('tab', { name: 'Requests', exact: true }).click();
    await page.getByTestId('log-save-as-test').first().click();
    await testsTab(page).click();
    await testRow(page, 'GET /dev/greet/admin → 403').waitFor();
    await runAll(page);
    await expect.poll(() => testRow(page, 'GET /dev/greet/admin → 403').getAttribute('data-state')).toBe('passed');
    // The replayed request took the branch no tester answer had: the refusal.
    expect(await page.getByTestId('coverage-percent').textContent()).toBe('66%');
    expect(await page.getByTestId('untested-branch').textContent()).toBe('the false side of isAdmin');
  });
});
