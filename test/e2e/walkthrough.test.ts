import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { centreOf, dragBetween, screenshot, waitForCanvasAtRest } from './support/browser.js';
import { editorPerTest } from './support/workspace.js';

const world = editorPerTest({ viewport: { width: 1920, height: 1080 }, screenshotPrefix: 'walkthrough-' });
/** The whole walk-through by hand: two APIs, a key group, a token, publishing and four calls. */
const WALKTHROUGH_TIMEOUT_MS = 240_000;

/**
 * What a person does in the walk-through, counted as the test does it, and what each takes a person who
 * knows where things are: finding and clicking a control, typing (about 40 words a minute), picking from a
 * list, dragging a connection, and reading an answer before going on.
 */
const effort = { clicks: 0, characters: 0, picks: 0, drags: 0, reads: 0 };
const SECONDS_PER = { clicks: 1.5, characters: 0.3, picks: 2.5, drags: 3, reads: 4 } as const;
const personSeconds = (): number => Object.entries(effort).reduce((sum, [what, count]) => sum + count * SECONDS_PER[what as keyof typeof effort], 0);

async function click(target: Locator): Promise<void> {
  effort.clicks++;
  await target.click();
}

async function type(target: Locator, text: string): Promise<void> {
  effort.clicks++;
  effort.characters += text.length;
  await target.fill(text);
}

async function pick(target: Locator, option: { label: string } | string): Promise<void> {
  effort.picks++;
  await target.selectOption(option);
}

/** Reads what the page says (an answer, a problem) before the next step. */
async function read(target: Locator, expected: RegExp | string): Promise<void> {
  effort.reads++;
  await expect.poll(() => target.textContent()).toMatch(expected);
}

const node = (key: string): string => `[data-testid="node-${key}"]`;
const outputHandle = (key: string, port = 'out'): string => (port === 'out' ? `${node(key)} .react-flow__handle.source` : `${node(key)} [data-port="${port}"] .react-flow__handle`);

const inputHandle = (key: string): string => `${node(key)} .react-flow__handle.target`;

async function autoLayout(page: Page): Promise<void> {
  await click(page.getByRole('button', { name: 'Auto-layout' }));
  await waitForCanvasAtRest(page);
}

/** A point on the canvas as fractions of its width and height. */
type At = readonly [across: number, down: number];

async function canvasPoint(page: Page, [across, down]: At): Promise<{ x: number; y: number }> {
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  return { x: canvas.x + canvas.width * across, y: canvas.y + canvas.height * down };
}

/**
 * Lays the steps out by hand on a canvas made roomy by folding the side panel: Request moved to the left,
 * each step dragged from the palette to its place, then each connection dragged from a port to the next
 * step's input; Auto-layout tidies it, and the side panel comes back to fill the steps in.
 */
async function buildFlow(page: Page, steps: readonly { type: string; key: string; at: At }[], links: readonly [from: string, port: string, to: string][]): Promise<void> {
  await click(page.getByRole('button', { name: 'Fold the side panel' }));
  // Two steps out, four steps fit side by side with room between them.
  for (let step = 0; step < 2; step++) await click(page.getByRole('button', { name: 'Zoom out' }));
  await waitForCanvasAtRest(page);
  effort.drags++;
  await dragBetween(page, await centreOf(page, `${node('request')} .step-node-icon`), await canvasPoint(page, [0.08, 0.45]));
  for (const step of steps) {
    effort.drags++;
    await dragBetween(page, await centreOf(page, `[data-testid="palette-${step.type}"]`), await canvasPoint(page, step.at));
    await page.locator(node(step.key)).waitFor();
  }
  for (const [from, port, to] of links) {
    effort.drags++;
    await dragBetween(page, await centreOf(page, outputHandle(from, port)), await centreOf(page, inputHandle(to)), 15);
  }
  await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(links.length);
  await autoLayout(page);
  await click(page.getByRole('button', { name: 'Unfold the side panel' }));
  await waitForCanvasAtRest(page);
}

async function inspect(page: Page, key: string): Promise<void> {
  effort.clicks++;
  const header = await centreOf(page, `${node(key)} .step-node-icon`);
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  if (header.x < canvas.x || header.x > canvas.x + canvas.width || header.y < canvas.y || header.y > canvas.y + canvas.height) {
    throw new Error(`The node "${key}" is outside the canvas's view`);
  }
  await page.mouse.click(header.x, header.y);
  if (key === 'request') await page.getByTestId('endpoint-name').waitFor();
  else await expect.poll(() => page.getByTestId('node-key').inputValue()).toBe(key);
}

async function sidePanel(page: Page, name: string): Promise<void> {
  await click(page.getByRole('tab', { name, exact: true }));
}

async function newBlankApi(page: Page, name: string, method: string, path: string): Promise<void> {
  await click(page.getByTestId('new-api'));
  await type(page.getByTestId('new-api-name'), name);
  await pick(page.getByTestId('new-api-method'), method);
  await type(page.getByTestId('new-api-path'), path);
  await click(page.getByTestId('create-api'));
  await page.locator(node('request')).waitFor();
}

/** Requires a token of the key group, in the endpoint's Access section (Request selected). */
async function requireGroup(page: Page, group: string): Promise<void> {
  await inspect(page, 'request');
  await click(page.getByTestId('auth-required'));
  await type(page.getByRole('combobox', { name: 'Key groups' }).or(page.getByRole('textbox', { name: 'Key groups' })), group);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('.chip-input').first().textContent()).toContain(group);
}

/** Fills an empty expression field by clicking a path in the data panel: nothing typed. */
async function pickData(page: Page, path: string): Promise<void> {
  await click(page.getByTestId('data-panel').locator(`[data-path="${path}"]`));
}

async function waitSaved(page: Page): Promise<void> {
  await page.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
}

async function publishToDev(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('problems-pill').textContent()).toBe('No problems');
  await waitSaved(page);
  await click(page.getByTestId('publish'));
  await click(page.getByTestId('publish-confirm'));
  await page.getByTestId('publish-success').waitFor();
  await page.keyboard.press('Escape');
}

async function sendLive(page: Page, status: number): Promise<void> {
  await click(page.getByTestId('tester-mode-live'));
  await click(page.getByTestId('tester-send'));
  await page.locator(`[data-testid="tester-response"][data-mode="live"][data-status="${status}"]`).waitFor();
  effort.reads++;
}

async function expectLit(page: Page, keys: readonly string[], dark: readonly string[]): Promise<void> {
  for (const key of keys) await expect.poll(() => page.locator(node(key)).getAttribute('data-run')).toBe('ok');
  for (const key of dark) expect(await page.locator(node(key)).getAttribute('data-run')).toBeNull();
}

/** The refusals the walk-through asks for on purpose (400, 403) and the trace a refused body never had (404), which the browser logs. */
const unexpected = (problems: string[]): string[] => problems.filter((problem) => !/Failed to load resource: the server responded with a status of (400|403|404)/.test(problem));

/** POST /signups with a form-built body and a Condition of two rules, for the screenshots. */
const SIGN_UP = {
  name: 'Sign up',
  method: 'POST',
  path: '/signups',
  bodySchema: {
    type: 'object',
    properties: { name: { type: 'string', minLength: 1, maxLength: 80 }, email: { type: 'string', format: 'email', examples: ['ada@example.com'] }, age: { type: 'integer', minimum: 0 }, plan: { type: 'string', enum: ['free', 'team'] } },
    required: ['name', 'email'],
    additionalProperties: false,
  },
  flow: {
    nodes: [
      { id: 'r', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      {
        id: 'c',
        type: 'condition',
        typeVersion: 2,
        key: 'adult',
        position: { x: 300, y: 0 },
        config: { expression: { match: 'all', rules: [{ field: 'request.body.age', operator: 'atLeast', value: 18 }, { field: 'request.body.plan', operator: 'equals', value: 'team' }] } },
      },
      { id: 'y', type: 'respond', key: 'welcome', position: { x: 600, y: -80 }, config: { status: 201, body: 'request.body' } },
      { id: 'n', type: 'fail', key: 'tooYoung', position: { x: 600, y: 80 }, config: { status: 403, code: 'too_young', message: '"Sign-ups are for adults on the team plan"' } },
    ],
    edges: [
      { id: 'e1', source: 'r', target: 'c' },
      { id: 'e2', source: 'c', sourceHandle: 'true', target: 'y' },
      { id: 'e3', source: 'c', sourceHandle: 'false', target: 'n' },
    ],
  },
};

describe('walk-through: a token-secured GET /users/:id and POST /users with validation, all through the UI', () => {
  it('builds, secures, publishes and tries both APIs Live with the trace, with no JSON Schema and no typed JSONata', async () => {
    const { page, served, problems } = world;
    await world.signIn();
    const started = Date.now();

    // A key group, then a token in it, made in their panels; the token stays in this session for the tester.
    await sidePanel(page, 'Key groups');
    await click(page.getByTestId('create-key-group'));
    await type(page.getByTestId('key-group-name'), 'mobile-apps');
    await click(page.getByTestId('key-group-save'));
    await page.locator('[data-testid="key-group"][data-group-name="mobile-apps"]').waitFor();
    await sidePanel(page, 'Tokens');
    await click(page.getByTestId('create-token').first());
    await type(page.getByTestId('token-name'), 'mobile-app');
    await click(page.getByTestId('token-groups').getByLabel('mobile-apps'));
    await click(page.getByTestId('token-submit'));
    await page.getByTestId('issued-token').waitFor();
    await click(page.getByTestId('token-done'));
    await click(page.getByTestId('token-confirm-close'));
    await sidePanel(page, 'Inspector');

    // POST /users: the body as a form (name required, email required and an email), a rule on the email's domain.
    await newBlankApi(page, 'Create user', 'POST', '/users');
    await inspect(page, 'request');
    await click(page.getByTestId('body-add-fields'));
    await expect.poll(() => page.getByTestId('body-form-fields-0-name').inputValue()).toBe('name');
    expect(await page.getByTestId('body-form-fields-0-required').isChecked()).toBe(true);
    await click(page.getByTestId('body-form-fields-add'));
    await type(page.getByTestId('body-form-fields-1-name'), 'email');
    await click(page.getByTestId('body-form-fields-1-required'));
    await click(page.getByTestId('body-form-fields-1-more'));
    await pick(page.getByTestId('body-form-fields-1-format'), 'email');
    await screenshot(page, 'walkthrough-01-body-form');
    await requireGroup(page, 'mobile-apps');

    await buildFlow(
      page,
      [
        { type: 'condition', key: 'condition', at: [0.32, 0.45] },
        { type: 'record.insert', key: 'insertRecord', at: [0.54, 0.35] },
        { type: 'respond', key: 'respond', at: [0.76, 0.35] },
        { type: 'fail', key: 'fail', at: [0.54, 0.62] },
      ],
      [
        ['request', 'out', 'condition'],
        ['condition', 'true', 'insertRecord'],
        ['condition', 'false', 'fail'],
        ['insertRecord', 'out', 'respond'],
      ],
    );
    await inspect(page, 'condition');
    await click(page.getByTestId('add-rule'));
    await click(page.getByTestId('rule-0-field'));
    await click(page.locator('.field-picker-list [data-path="request.body.email"]'));
    await pick(page.getByTestId('rule-0-operator'), 'matches');
    await type(page.getByTestId('rule-0-value'), '@example\\.com$');
    await screenshot(page, 'walkthrough-02-rule-editor');
    await inspect(page, 'insertRecord');
    await type(page.locator('[data-field="collection"] input'), 'users');
    await inspect(page, 'respond');
    await type(page.getByTestId('field-status'), '201');
    await pickData(page, 'steps.insertRecord');
    await expect.poll(() => page.locator('[data-field="body"] .cm-content').textContent()).toBe('steps.insertRecord');
    await inspect(page, 'fail');
    await type(page.getByTestId('field-status'), '403');
    await type(page.locator('[data-field="code"] input'), 'domain_not_allowed');
    await publishToDev(page);

    // GET /users/:id: Get record, Respond with what it found, Fail 404 when it is missing.
    await newBlankApi(page, 'Get user', 'GET', '/users/:id');
    await requireGroup(page, 'mobile-apps');
    await buildFlow(
      page,
      [
        { type: 'record.get', key: 'getRecord', at: [0.32, 0.45] },
        { type: 'respond', key: 'respond', at: [0.54, 0.35] },
        { type: 'fail', key: 'fail', at: [0.54, 0.62] },
      ],
      [
        ['request', 'out', 'getRecord'],
        ['getRecord', 'found', 'respond'],
        ['getRecord', 'missing', 'fail'],
      ],
    );
    await inspect(page, 'getRecord');
    await type(page.locator('[data-field="collection"] input'), 'users');
    await inspect(page, 'respond');
    await pickData(page, 'steps.getRecord');
    await inspect(page, 'fail');
    await type(page.getByTestId('field-status'), '404');
    await type(page.locator('[data-field="code"] input'), 'not_found');
    await publishToDev(page);

    // Tried Live with the session's token: the example body is accepted, a wrong one is not, the trace lights the path.
    await click(page.locator('[data-testid="api-row"]', { hasText: 'Create user' }).locator('.api-row-main'));
    await page.locator(node('insertRecord')).waitFor();
    await click(page.getByRole('tab', { name: 'Tester', exact: true }));
    await pick(page.getByTestId('tester-token'), { label: 'mobile-app (dev)' });
    await click(page.getByTestId('tester-tab-body'));
    await click(page.getByTestId('tester-insert-example'));
    await sendLive(page, 201);
    await expectLit(page, ['request', 'condition', 'insertRecord', 'respond'], ['fail']);
    const answer = (await page.getByTestId('tester-body').textContent())!;
    expect(answer).toContain('"email": "user@example.com"');
    const created = { id: /"id": "([^"]+)"/.exec(answer)![1]! };
    await screenshot(page, 'walkthrough-03-post-live-trace');

    const body = page.locator('.tester-body .cm-content');
    await click(body);
    await page.keyboard.press('Control+A');
    effort.characters += 34;
    await page.keyboard.type('{"name": "Ada", "email": "ada@x"}');
    await sendLive(page, 400);
    await read(page.getByTestId('tester-body'), /invalid_body[\s\S]*email/);
    await click(body);
    await page.keyboard.press('Control+A');
    effort.characters += 47;
    await page.keyboard.type('{"name": "Ada", "email": "ada@elsewhere.org"}');
    await sendLive(page, 403);
    await expectLit(page, ['request', 'condition', 'fail'], ['insertRecord']);

    await click(page.locator('[data-testid="api-row"]', { hasText: 'Get user' }).locator('.api-row-main'));
    await page.locator(node('getRecord')).waitFor();
    await pick(page.getByTestId('tester-token'), { label: 'mobile-app (dev)' });
    await type(page.getByTestId('tester-param-id'), created.id);
    await sendLive(page, 200);
    await expectLit(page, ['request', 'getRecord', 'respond'], ['fail']);
    await read(page.getByTestId('tester-body'), '"user@example.com"');
    await screenshot(page, 'walkthrough-04-get-live-trace');
    const elapsedSeconds = (Date.now() - started) / 1000;

    // What was built is what a client gets: no token 401, the token 200, a token outside the group 403.
    const url = `${served.runtimeUrl}/dev/users/${created.id}`;
    expect((await fetch(url)).status).toBe(401);
    const outsider = (await served.admin('POST', '/tokens', { name: 'outsider', environment: 'dev' })).body.token as string;
    expect((await fetch(url, { headers: { authorization: `Bearer ${outsider}` } })).status).toBe(403);
    const apis = (await served.admin('GET', '/apis')).body as { name: string; bodySchema: unknown; flow: { nodes: { type: string; config: Record<string, unknown> }[] } }[];
    const createUser = apis.find((api) => api.name === 'Create user')!;
    expect(createUser.bodySchema).toEqual({
      type: 'object',
      properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } },
      required: ['name', 'email'],
      additionalProperties: false,
    });
    expect(createUser.flow.nodes.find((step) => step.type === 'condition')!.config.expression).toEqual({
      match: 'all',
      rules: [{ field: 'request.body.email', operator: 'matches', value: '@example\\.com$' }],
    });

    process.stdout.write(
      `Walk-through: ${elapsedSeconds.toFixed(1)} s driven by the test; a person: ${effort.clicks} clicks, ${effort.characters} characters typed, ` +
        `${effort.picks} picks from lists, ${effort.drags} connections dragged, ${effort.reads} answers read ≈ ${Math.round(personSeconds() / 60)} min ${Math.round(personSeconds() % 60)} s\n`,
    );
    expect(unexpected(problems)).toEqual([]);
  }, WALKTHROUGH_TIMEOUT_MS);

  it('shows the input form, the rule editor and the template dialog at 1280×800 and 1920×1080, light and dark', async () => {
    const { page, served, problems } = world;
    const created = await served.admin('POST', '/apis', SIGN_UP);
    expect(created.status).toBe(201);
    await world.signIn();
    await page.locator(`[data-testid="api-row"][data-api-id="${created.body.id as string}"] .api-row-main`).click();
    await page.locator(node('adult')).waitFor();
    for (const viewport of [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(viewport);
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        const name = `${viewport.width}x${viewport.height}-${colorScheme}`;
        await page.getByTestId('fit-view').click();
        await inspect(page, 'request');
        const email = page.getByTestId('body-form-fields-1-more');
        if ((await email.getAttribute('aria-expanded')) !== 'true') await email.click();
        await screenshot(page, `walkthrough-form-${name}`);
        await inspect(page, 'adult');
        await page.getByTestId('rule-editor').scrollIntoViewIfNeeded();
        await screenshot(page, `walkthrough-rules-${name}`);
        await page.getByTestId('new-api').click();
        await page.getByTestId('start-crud').click();
        await page.getByTestId('crud-collection').fill('books');
        await screenshot(page, `walkthrough-templates-${name}`);
        await page.getByRole('button', { name: 'Cancel' }).click();
      }
    }
    expect(problems).toEqual([]);
  });
});
