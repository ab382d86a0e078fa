import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.js';
import { edge, request } from './support/flows.js';
import { readNote, screenshotIn, stepRow, suiteEditor, suiteRow as suiteRowNamed } from './support/suites.js';
import { editorPerTest } from './support/workspace.js';

const world = editorPerTest({ viewport: { width: 1440, height: 900 }, screenshotPrefix: 'test-suites-' });

/** POST /notes: stores the body as a note and answers it, with the id the store gave it. */
const createNote = {
  name: 'Create note', method: 'POST', path: '/notes',
  flow: {
    nodes: [
      request,
      { id: 'n2', type: 'record.insert', key: 'created', position: { x: 260, y: 0 }, config: { collection: 'notes', document: 'request.body' } },
      { id: 'n3', type: 'respond', key: 'ok', position: { x: 520, y: 0 }, config: { status: 201, body: 'steps.created' } },
    ],
    edges: [edge('e1', 'n1', 'n2'), edge('e2', 'n2', 'n3')],
  },
};

const SUITE = 'Create then read a note';
const editor = suiteEditor;
const suiteRow = (page: Page) => suiteRowNamed(page, SUITE);


/** Adds a step calling the API, starting from one of its tests when named. */
async function addStep(page: Page, apiId: string, fromTest?: string): Promise<void> {
  await page.getByTestId('suite-add-api').selectOption(apiId);
  if (fromTest) await page.getByTestId('suite-add-from').selectOption({ label: `Its test “${fromTest}”` });
  const before = await page.getByTestId('suite-step-row').count();
  await page.getByTestId('suite-add-step').click();
  await expect.poll(() => page.getByTestId('suite-step-row').count()).toBe(before + 1);
}

/** Saves and runs from the editor; waits for the run's result to show whether it passed. */
async function runFromEditor(page: Page, passed: boolean): Promise<void> {
  await page.getByTestId('suite-run').click();
  await editor(page).locator(`[data-testid="suite-editor-result"] .suite-result[data-passed="${passed}"]`).waitFor();
  await expect.poll(() => page.getByTestId('suite-save-state').textContent()).toBe('Saved');
}

describe('Test suites in the editor', () => {
  it('builds a two-step suite that passes a created id on, runs it, fails it on a wrong status, shows a refused save in plain words, and deletes it', async () => {
    const { page, served, signIn, problems, context } = world;
    const create = await served.admin('POST', '/apis', createNote);
    const read = await served.admin('POST', '/apis', readNote);
    expect([create.status, read.status]).toEqual([201, 201]);
    const createId = create.body.id as string;
    const readId = read.body.id as string;
    const saved = await served.admin('POST', `/apis/${createId}/tests`, { name: 'creates a note', request: { body: { text: 'hello' } }, expect: { status: 201 } });
    expect(saved.status).toBe(201);
    await context.addInitScript(() => localStorage.setItem('flowgate.bottomHeight', '360'));
    await signIn();
    // The bottom area, and with it the Tests tab, shows while an API is open.
    await page.locator(`[data-testid="api-row"][data-api-id="${createId}"] .api-row-main`).click();
    await page.getByTestId('node-created').waitFor();

    await page.getByRole('tab', { name: /^Tests/ }).click();
    await page.getByTestId('tests-view-suites').click();
    await page.getByTestId('suite-new').click();
    await editor(page).waitFor();
    await page.getByTestId('suite-name').fill(SUITE);
    await page.getByTestId('suite-description').fill('A note made by one API is read back by the other');

    // Step 1 starts from the create API's saved test and saves the new note's id.
    await addStep(page, createId, 'creates a note');
    expect(await page.getByTestId('suite-step-name').inputValue()).toBe('creates a note');
    expect(JSON.parse(await page.getByTestId('suite-step-body').inputValue())).toEqual({ text: 'hello' });
    expect(await page.getByTestId('suite-step-status').inputValue()).toBe('201');
    await page.getByTestId('suite-saved-add').click();
    await page.getByTestId('suite-saved-name').fill('id');
    await page.getByTestId('suite-saved-value').fill('body.id');

    // Step 2 reads it back by {{id}}, which the editor offers as a value of an earlier step.
    await addStep(page, readId);
    expect(await page.getByTestId('suite-values-available').textContent()).toContain('{{id}}');
    await page.getByTestId('suite-step-name').fill('reads it back');
    await page.getByTestId('suite-param-id').fill('{{id}}');
    await page.getByTestId('suite-step-status').fill('200');
    await page.getByTestId('suite-step-expect-body').fill('{"text": "hello", "id": "{{id}}"}');
    expect(await page.getByTestId('suite-unknown-values').count()).toBe(0);
    expect(await stepRow(page, 1).textContent()).toContain('saves id');
    // Selecting the step again shows it from its top, as a builder reviewing it would.
    await stepRow(page, 2).locator('.suite-step-main').click();
    await screenshotIn(page, 'light', 'test-suites-01-editor-light');
    await screenshotIn(page, 'dark', 'test-suites-02-editor-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await runFromEditor(page, true);
    const stepResults = editor(page).getByTestId('suite-step-result');
    expect(await stepResults.count()).toBe(2);
    expect(await stepResults.evaluateAll((items) => items.map((item) => item.getAttribute('data-passed')))).toEqual(['true', 'true']);
    expect(await stepRow(page, 2).getAttribute('data-state')).toBe('passed');
    const stored = (await served.admin('GET', '/tests/suites')).body as { name: string; steps: { save: Record<string, string>; request: { params: Record<string, string> } }[] }[];
    expect(stored.map((suite) => suite.name)).toEqual([SUITE]);
    expect(stored[0]!.steps[0]!.save).toEqual({ id: 'body.id' });
    expect(stored[0]!.steps[1]!.request.params).toEqual({ id: '{{id}}' });
    await screenshot(page, 'test-suites-03-editor-passed');

    // Step 2 now expects the wrong status: the run fails on that step and says why.
    await stepRow(page, 2).locator('.suite-step-main').click();
    await page.getByTestId('suite-step-status').fill('201');
    await runFromEditor(page, false);
    const failure = editor(page).locator('[data-testid="test-failure"][data-check="status"]');
    expect(await failure.textContent()).toContain('Expected status 201, got 200');
    expect(await stepRow(page, 2).getAttribute('data-state')).toBe('failed');
    expect(await stepRow(page, 1).getAttribute('data-state')).toBe('passed');
    await screenshot(page, 'test-suites-04-editor-failed');

    // A value name later steps could not write, and no suite name: the server refuses, the editor says so in plain words.
    await stepRow(page, 1).locator('.suite-step-main').click();
    await page.getByTestId('suite-saved-name').fill('note-id');
    await page.getByTestId('suite-name').fill('');
    await page.getByTestId('suite-save').click();
    const refused = page.getByTestId('suite-problems');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('The suite was not saved: 2 things to fix');
    expect(await refused.textContent()).toContain('Name: cannot be empty');
    expect(await refused.textContent()).toContain('Step 1 “creates a note”: saved value “note-id”: cannot name a value: use letters, digits and _');
    const besideValue = page.locator('[data-testid="suite-saved"] .suite-pair[data-name="note-id"] [data-testid="suite-field-error"]');
    expect(await besideValue.textContent()).toContain('cannot name a value');
    expect(await page.locator('.suite-meta [data-testid="suite-field-error"]').textContent()).toBe('cannot be empty');
    expect(await stepRow(page, 1).getAttribute('class')).toContain('has-problem');
    await screenshot(page, 'test-suites-05-refused');

    // Renaming the value drops its problem at once (beside it, at the top, the step's mark); the empty name's stays until it is fixed too.
    await page.getByTestId('suite-saved-name').fill('noteId');
    await expect.poll(() => page.locator('[data-testid="suite-saved"] [data-testid="suite-field-error"]').count()).toBe(0);
    expect(await refused.locator('li').allTextContents()).toEqual(['Name: cannot be empty']);
    expect(await refused.textContent()).not.toContain('things to fix');
    expect(await page.locator('.suite-meta [data-testid="suite-field-error"]').textContent()).toBe('cannot be empty');
    expect(await page.getByTestId('suite-name').getAttribute('class')).toContain('invalid');
    expect(await stepRow(page, 1).getAttribute('class')).not.toContain('has-problem');
    await screenshotIn(page, 'light', 'test-suites-05b-refused-value-fixed-light');
    await screenshotIn(page, 'dark', 'test-suites-05c-refused-value-fixed-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByTestId('suite-name').fill(SUITE);
    await expect.poll(() => refused.count()).toBe(0);
    expect(await page.locator('.suite-meta [data-testid="suite-field-error"]').count()).toBe(0);
    // Nothing of the refused save was stored.
    const unchanged = (await served.admin('GET', '/tests/suites')).body as { name: string; steps: { save: Record<string, string> }[] }[];
    expect(unchanged[0]!.name).toBe(SUITE);
    expect(unchanged[0]!.steps[0]!.save).toEqual({ id: 'body.id' });

    await page.getByTestId('suite-close').click();
    await page.getByRole('button', { name: 'Discard' }).click();
    await editor(page).waitFor({ state: 'detached' });

    // The list: one suite of 2 steps, its last run failed; deleting asks first.
    await expect.poll(() => suiteRow(page).getAttribute('data-state')).toBe('failed');
    expect(await suiteRow(page).textContent()).toContain('2 steps');
    await screenshotIn(page, 'dark', 'test-suites-06-list-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await suiteRow(page).getByTestId('suite-delete').click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => suiteRow(page).count()).toBe(0);
    expect((await served.admin('GET', '/tests/suites')).body).toEqual([]);
    expect(problems.filter((problem) => !/status of (400|404)/.test(problem))).toEqual([]);
  });
  it('reorders and removes steps by keyboard, and settles a save over another window\'s change: Keep mine writes it, Reload shows theirs', async () => {
    const { page, served, signIn, problems } = world;
    const create = await served.admin('POST', '/apis', createNote);
    const read = await served.admin('POST', '/apis', readNote);
    const step = { name: 'creates a note', apiId: create.body.id as string, request: { body: { text: 'hi' } }, expect: { status: 201 } };
    const made = await served.admin('POST', '/tests/suites', { name: SUITE, steps: [step] });
    expect(made.status).toBe(201);
    const suiteId = made.body.id as string;
    /** Another window's save of the suite's description, on the revision it read. */
    const theirSave = async (description: string): Promise<void> => {
      const current = await served.admin('GET', `/tests/suites/${suiteId}`);
      const answer = await served.admin('PUT', `/tests/suites/${suiteId}`, { name: SUITE, description, steps: [step] }, { 'if-match': current.headers.get('etag')! });
      expect(answer.status).toBe(200);
    };
    await signIn();
    await page.locator(`[data-testid="api-row"][data-api-id="${create.body.id}"] .api-row-main`).click();
    await page.getByTestId('node-created').waitFor();
    await page.getByRole('tab', { name: /^Tests/ }).click();
    await page.getByTestId('tests-view-suites').click();
    await suiteRow(page).getByTestId('suite-edit').focus();
    await page.keyboard.press('Enter');
    await editor(page).waitFor();

    // A second step, moved up with the keyboard, then removed again.
    await addStep(page, read.body.id as string);
    await page.getByRole('button', { name: 'Move GET /notes/:id up' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('suite-step-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-step-name')))).toEqual(['GET /notes/:id', 'creates a note']);
    await page.getByRole('button', { name: 'Remove GET /notes/:id' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('suite-step-row').count()).toBe(1);

    // Changed in another window meanwhile: the conflict dialog shows both; Keep mine saves this window's description.
    await page.getByTestId('suite-description').fill('Mine');
    await theirSave('Theirs');
    await page.getByTestId('suite-save').click();
    const conflict = page.getByTestId('conflict-dialog');
    await conflict.waitFor();
    expect(await conflict.getByTestId('conflict-row').allTextContents()).toEqual([expect.stringMatching(/^Description.*Theirs.*Mine$/)]);
    await page.getByTestId('conflict-keep-mine').click();
    await expect.poll(() => page.getByTestId('suite-save-state').textContent()).toBe('Saved');
    expect((await served.admin('GET', `/tests/suites/${suiteId}`)).body.description).toBe('Mine');

    // Reload drops this window's change and shows the other window's version.
    await page.getByTestId('suite-description').fill('Mine again');
    await theirSave('Theirs again');
    await page.getByTestId('suite-save').click();
    await page.getByTestId('conflict-reload').click();
    await expect.poll(() => page.getByTestId('suite-description').inputValue()).toBe('Theirs again');
    expect(await page.getByTestId('suite-save-state').textContent()).toBe('Saved');
    expect((await served.admin('GET', `/tests/suites/${suiteId}`)).body.description).toBe('Theirs again');
    expect(problems.filter((problem) => !/status of (404|412)/.test(problem))).toEqual([]);
  });
});
