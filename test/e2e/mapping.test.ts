import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.js';
import { editorPerTest } from './support/workspace.js';

const world = editorPerTest({ viewport: { width: 1280, height: 800 }, screenshotPrefix: 'mapping-' });

/** POST /signups: Set fields "user" from the body (its schema has examples), then Respond with an empty body to fill in. */
const signup = {
  name: 'Sign up',
  method: 'POST',
  path: '/signups',
  bodySchema: {
    type: 'object',
    required: ['name', 'email'],
    properties: { name: { type: 'string', example: 'Ada' }, email: { type: 'string', format: 'email', example: 'ada@example.com' } },
    additionalProperties: false,
  },
  flow: {
    nodes: [
      { id: 'n1', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 'n2', type: 'set', key: 'user', position: { x: 260, y: 0 }, config: { fields: { name: 'request.body.name', email: '$lowercase(request.body.email)' } } },
      { id: 'n3', type: 'respond', key: 'ok', position: { x: 520, y: 0 }, config: { status: 201, body: '' } },
    ],
    edges: [
      { id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' },
      { id: 'e2', source: 'n2', sourceHandle: 'out', target: 'n3' },
    ],
  },
};

async function openSignup(page: Page): Promise<string> {
  const created = await world.served.admin('POST', '/apis', signup);
  expect(created.status).toBe(201);
  const apiId = created.body.id as string;
  await world.signIn();
  await page.locator(`[data-testid="api-row"][data-api-id="${apiId}"] .api-row-main`).click();
  await page.getByTestId('node-ok').waitFor();
  return apiId;
}

/** Selects a node and shows its form in the Inspector. */
async function inspect(page: Page, key: string): Promise<void> {
  await page.getByTestId(`node-${key}`).locator('.step-node-icon').click();
  await page.getByRole('tab', { name: 'Inspector', exact: true }).click();
}

const bodyField = (page: Page) => page.locator('[data-field="body"] .cm-content');
const savedBody = async (apiId: string): Promise<unknown> =>
  (await world.served.admin('GET', `/apis/${apiId}`)).body.flow.nodes.find((node: { id: string }) => node.id === 'n3').config.body;

/** The console problems besides the expected refusal of a publish (422). */
const unexpected = (problems: string[]): string[] => problems.filter((problem) => !/status of 422/.test(problem));

describe('mapping data into expressions, and expressions checked in plain words', () => {
  it('fills a Respond body by picking a field of an earlier step, with its value from a Draft run, and completes its fields', async () => {
    const { page, problems } = world;
    const apiId = await openSignup(page);

    // A Draft run gives the data panel values to show.
    await page.getByRole('tab', { name: 'Tester', exact: true }).click();
    await page.getByTestId('tester-tab-body').click();
    await page.getByTestId('tester-insert-example').click();
    await page.getByTestId('tester-mode-draft').click();
    await page.getByTestId('tester-send').click();
    await page.locator('[data-testid="tester-response"][data-mode="draft"][data-status="201"]').waitFor();

    await inspect(page, 'ok');
    const panel = page.getByTestId('data-panel');
    const email = panel.locator('[data-path="steps.user.email"]');
    await expect.poll(() => email.textContent()).toContain('"ada@example.com"');
    expect(await panel.locator('[data-path="request.body.name"]').textContent()).toContain('"Ada"');
    // The body is an expression field and looks it; the Set node's names do not.
    expect(await page.locator('[data-field="body"] [data-testid="expression-badge"]').getAttribute('title')).toMatch(/^JSONata expression/);

    await email.click();
    await expect.poll(() => bodyField(page).textContent()).toBe('steps.user.email');
    await expect.poll(() => savedBody(apiId), { timeout: 10_000 }).toBe('steps.user.email');
    await screenshot(page, 'mapping-01-data-panel-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'mapping-02-data-panel-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Dragging a field puts it where it is dropped.
    await bodyField(page).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('"Welcome " & ');
    await panel.locator('[data-path="request.body.name"]').dragTo(bodyField(page));
    await expect.poll(() => bodyField(page).textContent()).toBe('"Welcome " & request.body.name');

    // Completion knows the fields of a step's output. CodeMirror ignores Enter for 75 ms after it
    // (re)opens its list (interactionDelay) and Enter then adds a line: a busy machine can land there
    // however long we waited, so a try that added a line is typed again (at most three tries).
    const options = page.locator('.cm-tooltip-autocomplete li');
    const completeEmail = async (): Promise<string | null> => {
      await bodyField(page).click();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('steps.user.');
      await expect.poll(() => options.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('email'), expect.stringContaining('name')]));
      await page.keyboard.type('em');
      // Wait for the list filtered by "em" (not the one shown before it), with email chosen.
      await expect.poll(async () => { const shown = await options.allTextContents(); return shown.length > 0 && shown.every((text) => text.includes('em')); }).toBe(true);
      await expect.poll(() => page.locator('.cm-tooltip-autocomplete li[aria-selected]').textContent()).toContain('email');
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await page.locator('.cm-tooltip-autocomplete').count()) === 0).toBe(true);
      return bodyField(page).textContent();
    };
    let completed = await completeEmail();
    for (let tries = 1; completed !== 'steps.user.email' && tries < 3; tries++) completed = await completeEmail();
    expect(completed).toBe('steps.user.email');
    await expect.poll(() => page.getByTestId('problems-pill').textContent()).toBe('No problems');
    expect(unexpected(problems)).toEqual([]);
  });

  it('refuses to publish a flow calling $nosuchfn, and says why in the Problems list and under the field', async () => {
    const { page, served, problems } = world;
    const apiId = await openSignup(page);
    await inspect(page, 'ok');
    await bodyField(page).click();
    await page.keyboard.type('$nosuchfn(1)');
    await page.keyboard.press('Escape');

    const reason = 'There is no function $nosuchfn; type $ in the field to see the functions there are';
    await expect.poll(() => page.locator('[data-field="body"] .field-error').textContent()).toBe(reason);
    await expect.poll(() => page.locator('[data-field="body"] .cm-lintRange-error').textContent()).toBe('$nosuchfn');
    await page.getByTestId('problems-pill').click();
    const row = page.locator('[data-code="unknown_function"]');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('.problem-message').textContent()).toBe(reason);
    expect(await row.locator('.problem-node').textContent()).toBe('ok');
    expect(await row.getByTestId('problem-field').textContent()).toBe('Body');
    await page.locator('[data-field="body"] .cm-lintRange-error').hover();
    await page.locator('.cm-tooltip-lint').waitFor();
    await screenshot(page, 'mapping-03-unknown-function-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'mapping-04-unknown-function-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await expect.poll(() => savedBody(apiId), { timeout: 10_000 }).toBe('$nosuchfn(1)');
    await page.getByTestId('publish').click();
    await expect.poll(() => page.getByTestId('publish-confirm').isDisabled()).toBe(true);
    expect(await page.getByTestId('publish-blocked').textContent()).toContain('There is no function $nosuchfn');
    await page.keyboard.press('Escape');
    // The server refuses it too, with the same reason.
    const refused = await served.admin('POST', `/apis/${apiId}/publish`, { environment: 'dev' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('invalid_flow');
    expect(refused.body.error.message).toContain('There is no function $nosuchfn');

    // A parse error reads in words, underlined where it is.
    await inspect(page, 'ok');
    await bodyField(page).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('{"name": steps.user.name, }');
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.locator('[data-field="body"] .field-error').textContent())
      .toBe('Something is missing before "}": another item after the ",", or remove the "," (position 27)');
    expect(await page.locator('[data-code="invalid_expression"] .problem-message').textContent()).toContain('in "{"name": steps.user.name, }"');
    await expect.poll(() => page.locator('[data-field="body"] .cm-lintRange-error').textContent()).toBe('}');
    await screenshot(page, 'mapping-05-parse-error-light');
    expect(unexpected(problems)).toEqual([]);
  });

  it('offers the fields of the records a collection holds', async () => {
    const { page, served, problems } = world;
    expect((await served.admin('POST', '/collections/users/records', { record: { id: 'u1', name: 'Ada', email: 'ada@example.com' } })).status).toBe(201);
    const created = await served.admin('POST', '/apis', {
      name: 'Get user',
      method: 'GET',
      path: '/users/:id',
      flow: {
        nodes: [
          { id: 'n1', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
          { id: 'n2', type: 'record.get', key: 'user', position: { x: 260, y: 0 }, config: { collection: 'users', id: 'request.params.id' } },
          { id: 'n3', type: 'respond', key: 'ok', position: { x: 520, y: -60 }, config: { status: 200, body: '' } },
          { id: 'n4', type: 'fail', key: 'missing', position: { x: 520, y: 60 }, config: { status: 404, code: 'not_found', message: '"No such user"' } },
        ],
        edges: [
          { id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' },
          { id: 'e2', source: 'n2', sourceHandle: 'found', target: 'n3' },
          { id: 'e3', source: 'n2', sourceHandle: 'missing', target: 'n4' },
        ],
      },
    });
    await world.signIn();
    await page.locator(`[data-testid="api-row"][data-api-id="${created.body.id}"] .api-row-main`).click();
    await inspect(page, 'ok');
    const panel = page.getByTestId('data-panel');
    await panel.locator('[data-path="steps.user.email"]').waitFor();
    expect(await panel.locator('[data-path="request.params.id"]').count()).toBe(1);
    await bodyField(page).click();
    await page.keyboard.type('steps.user.');
    await expect.poll(() => page.locator('.cm-tooltip-autocomplete li').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('email')]));
    expect(problems).toEqual([]);
  });

  it('says which fields are taken literally', async () => {
    const { page, served, problems } = world;
    const created = await served.admin('POST', '/apis', {
      ...signup,
      name: 'Refuse',
      path: '/refuse',
      bodySchema: null,
      method: 'GET',
      flow: {
        nodes: [
          { id: 'n1', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
          { id: 'n2', type: 'fail', key: 'refused', position: { x: 260, y: 0 }, config: { status: 403, code: 'forbidden', message: '"Not for you"' } },
        ],
        edges: [{ id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' }],
      },
    });
    await world.signIn();
    await page.locator(`[data-testid="api-row"][data-api-id="${created.body.id}"] .api-row-main`).click();
    await inspect(page, 'refused');
    expect(await page.locator('[data-field="code"] [data-testid="literal-note"]').textContent()).toContain('Taken literally');
    expect(await page.locator('[data-field="code"] [data-testid="expression-badge"]').count()).toBe(0);
    expect(await page.locator('[data-field="message"] [data-testid="expression-badge"]').count()).toBe(1);
    expect(problems).toEqual([]);
  });
});
