import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { edge, request } from './support/flows.js';
import { readNote, screenshotsLightAndDark, stepRow, suiteEditor, suiteRow } from './support/suites.js';
import { editorPerTest } from './support/workspace.js';

const world = editorPerTest({ viewport: { width: 1440, height: 900 }, screenshotPrefix: 'test-suites-data-' });

/** GET /rates/:currency: asks a rates service (a .test host, never reachable: only a stub answers it), 502 when it fails. */
const readRate = {
  name: 'Read rate', method: 'GET', path: '/rates/:currency',
  flow: {
    nodes: [
      request,
      { id: 'n2', type: 'http.request', key: 'upstream', position: { x: 260, y: 0 }, config: { method: 'GET', url: '"https://rates.example.test/" & request.params.currency', timeoutMs: 5000 } },
      { id: 'n3', type: 'respond', key: 'ok', position: { x: 520, y: -80 }, config: { status: 200, body: '{"rate": steps.upstream.body.rate, "source": steps.upstream.headers."x-source"}' } },
      { id: 'n4', type: 'fail', key: 'down', position: { x: 520, y: 80 }, config: { status: 502, code: 'upstream_down', message: 'steps.upstream.message' } },
    ],
    edges: [edge('e1', 'n1', 'n2'), edge('e2', 'n2', 'n3', 'ok'), edge('e3', 'n2', 'n4', 'error')],
  },
};

const SUITE = 'Seeded note and a stubbed rate';
const SEEDED = [{ id: 'n-seeded', title: 'Seeded' }, { id: 'n-other', title: 'Other' }];
const editor = suiteEditor;
const storedSuites = async (): Promise<{ name: string; fixtures: unknown; steps: { outbound: unknown }[] }[]> =>
  (await world.served.admin('GET', '/tests/suites')).body as unknown as { name: string; fixtures: unknown; steps: { outbound: unknown }[] }[];


async function addStep(page: Page, apiId: string): Promise<void> {
  await page.getByTestId('suite-add-api').selectOption(apiId);
  const before = await page.getByTestId('suite-step-row').count();
  await page.getByTestId('suite-add-step').click();
  await expect.poll(() => page.getByTestId('suite-step-row').count()).toBe(before + 1);
}

describe('Test suites: seeded records and outbound stubs', () => {
  it('seeds records a step reads back and stubs a step\'s outbound call, both passing; a malformed record list is flagged on its field and nothing is sent', async () => {
    const { page, served, signIn, problems, context } = world;
    const note = await served.admin('POST', '/apis', readNote);
    const rate = await served.admin('POST', '/apis', readRate);
    expect([note.status, rate.status]).toEqual([201, 201]);
    await context.addInitScript(() => localStorage.setItem('flowgate.bottomHeight', '360'));
    const suiteWrites: string[] = [];
    page.on('request', (sent) => {
      if (sent.method() !== 'GET' && /\/admin\/v1\/tests\/suites/.test(sent.url())) suiteWrites.push(`${sent.method()} ${sent.url()}`);
    });
    await signIn();
    await page.locator(`[data-testid="api-row"][data-api-id="${note.body.id}"] .api-row-main`).click();
    await page.getByTestId('node-note').waitFor();
    await page.getByRole('tab', { name: /^Tests/ }).click();
    await page.getByTestId('tests-view-suites').click();
    await page.getByTestId('suite-new').click();
    await editor(page).waitFor();
    await page.getByTestId('suite-name').fill(SUITE);

    // Step 1 reads a note no step creates: only the seeded records hold it.
    await addStep(page, note.body.id as string);
    await page.getByTestId('suite-step-name').fill('reads the seeded note');
    await page.getByTestId('suite-param-id').fill('n-seeded');
    await page.getByTestId('suite-step-status').fill('200');
    await page.getByTestId('suite-step-expect-body').fill('{"title": "Seeded"}');

    // The records, typed with a mistake: the field says so at once, and Save sends nothing.
    await page.getByTestId('suite-fixtures-entry').click();
    await page.getByTestId('suite-fixture-add').click();
    await page.getByTestId('suite-fixture-collection').fill('notes');
    await page.getByTestId('suite-fixture-records').fill('[{"id": "n-seeded", "title": }]');
    const fixture = page.getByTestId('suite-fixture');
    await expect.poll(() => fixture.getByTestId('suite-field-error').textContent()).toMatch(/^The records are not JSON: /);
    expect(await fixture.getByTestId('suite-fixture-count').textContent()).toBe('not read');
    await page.getByTestId('suite-save').click();
    await expect.poll(() => page.getByTestId('suite-problems').textContent()).toContain('Records seeded before the run, collection “notes”: The records are not JSON');
    expect(await page.getByTestId('suite-fixtures-entry').locator('xpath=..').getAttribute('class')).toContain('has-problem');
    expect(suiteWrites).toEqual([]);
    expect(await storedSuites()).toEqual([]);
    await screenshotsLightAndDark(page, 'test-suites-data-01-records-malformed');

    await page.getByTestId('suite-fixture-records').fill(JSON.stringify(SEEDED, null, 2));
    await expect.poll(() => fixture.getByTestId('suite-fixture-count').textContent()).toBe('2 records');
    expect(await fixture.getByTestId('suite-field-error').count()).toBe(0);
    expect(await page.getByTestId('suite-fixtures-total').textContent()).toBe('2 of at most 1000 records in all');
    expect(await page.getByTestId('suite-fixtures-entry').textContent()).toContain('2 records in 1 collection');
    await screenshotsLightAndDark(page, 'test-suites-data-02-records');

    // Step 2 calls the rates API, whose HTTP request node a stub answers; first with a URL the server refuses.
    await addStep(page, rate.body.id as string);
    await page.getByTestId('suite-step-name').fill('reads a stubbed rate');
    await page.getByTestId('suite-param-currency').fill('eur');
    await page.getByTestId('suite-step-status').fill('200');
    await page.getByTestId('suite-step-expect-body').fill('{"rate": 1.08, "source": "stub"}');
    const outbound = page.getByTestId('suite-step-outbound');
    await outbound.getByTestId('suite-stub-add').click();
    await outbound.getByTestId('suite-stub-method').selectOption('GET');
    await outbound.getByTestId('suite-stub-url').fill('rates.example.test');
    await outbound.getByTestId('suite-stub-headers-add').click();
    await outbound.getByTestId('suite-stub-headers-name').fill('x-source');
    await outbound.getByTestId('suite-stub-headers-value').fill('stub');
    await outbound.getByTestId('suite-stub-body').fill('{"rate": 1.08}');
    // And a saved value whose name later steps could not write: a second refused field on the same step.
    const saved = page.getByTestId('suite-saved');
    await saved.getByTestId('suite-saved-add').click();
    await saved.getByTestId('suite-saved-name').fill('rate-now');
    await saved.getByTestId('suite-saved-value').fill('body.rate');
    await page.getByTestId('suite-save').click();
    const urlProblem = outbound.locator('[data-testid="suite-stub"] .field:has([data-testid="suite-stub-url"]) [data-testid="suite-field-error"]');
    await urlProblem.waitFor();
    const refused = page.getByTestId('suite-problems');
    expect(await refused.textContent()).toContain('Step 2 “reads a stubbed rate”: outbound stub 1 URL');
    expect(await refused.textContent()).toContain('Step 2 “reads a stubbed rate”: saved value “rate-now”: cannot name a value');
    expect(await saved.getByTestId('suite-field-error').textContent()).toContain('cannot name a value');
    expect(await stepRow(page, 2).getAttribute('class')).toContain('has-problem');
    expect(await storedSuites()).toEqual([]);

    // Fixing the URL drops its problem at once, beside it and at the top; the saved value's stays, and so does the step's mark.
    await outbound.getByTestId('suite-stub-url').fill('https://rates.example.test/');
    await expect.poll(() => urlProblem.count()).toBe(0);
    expect(await outbound.getByTestId('suite-stub-url').getAttribute('class')).not.toContain('invalid');
    expect(await refused.locator('li').allTextContents()).toEqual(['Step 2 “reads a stubbed rate”: saved value “rate-now”: cannot name a value: use letters, digits and _, not starting with a digit (later steps write {{name}})']);
    expect(await saved.getByTestId('suite-field-error').textContent()).toContain('cannot name a value');
    expect(await stepRow(page, 2).getAttribute('class')).toContain('has-problem');
    await outbound.scrollIntoViewIfNeeded();
    await screenshotsLightAndDark(page, 'test-suites-data-03-outbound-stub');

    // Renaming the value drops the last problem: no list at the top, no mark on the step.
    await saved.getByTestId('suite-saved-name').fill('rate');
    await expect.poll(() => refused.count()).toBe(0);
    expect(await saved.getByTestId('suite-field-error').count()).toBe(0);
    expect(await stepRow(page, 2).getAttribute('class')).not.toContain('has-problem');

    await page.getByTestId('suite-run').click();
    await editor(page).locator('[data-testid="suite-editor-result"] .suite-result[data-passed="true"]').waitFor();
    const stepResults = editor(page).getByTestId('suite-step-result');
    expect(await stepResults.evaluateAll((items) => items.map((item) => item.getAttribute('data-passed')))).toEqual(['true', 'true']);
    expect(await stepRow(page, 1).getAttribute('data-state')).toBe('passed');
    expect(await stepRow(page, 2).getAttribute('data-state')).toBe('passed');
    const [stored] = await storedSuites();
    expect(stored!.fixtures).toEqual([{ collection: 'notes', records: SEEDED }]);
    expect(stored!.steps[1]!.outbound).toEqual({ stubs: [{ method: 'GET', url: 'https://rates.example.test/', status: 200, headers: { 'x-source': 'stub' }, body: { rate: 1.08 } }], allowHosts: [] });
    // Seeded records live in the run's sandbox only: the live collection stays empty.
    expect((await served.admin('GET', '/collections/notes/records')).body).toMatchObject({ items: [] });

    // Reopened, the editor shows the stored records and stub as they were saved.
    await page.getByTestId('suite-close').click();
    await editor(page).waitFor({ state: 'detached' });
    await suiteRow(page, SUITE).getByTestId('suite-edit').click();
    await page.getByTestId('suite-fixtures-entry').click();
    expect(JSON.parse(await page.getByTestId('suite-fixture-records').inputValue())).toEqual(SEEDED);
    await stepRow(page, 2).locator('.suite-step-main').click();
    expect(await page.getByTestId('suite-stub-url').inputValue()).toBe('https://rates.example.test/');
    expect(await page.getByTestId('suite-save-state').textContent()).toBe('Saved');
    expect(problems.filter((problem) => !/status of (400|404)/.test(problem))).toEqual([]);
  });

  it('reaches Suites with no API open, runs one there, and says in plain words which tabs need an API', async () => {
    const { page, served, signIn, problems, context } = world;
    const note = await served.admin('POST', '/apis', readNote);
    const step = { name: 'reads the seeded note', apiId: note.body.id as string, request: { params: { id: 'n-seeded' } }, expect: { status: 200, body: { title: 'Seeded' } } };
    const made = await served.admin('POST', '/tests/suites', { name: SUITE, steps: [step], fixtures: [{ collection: 'notes', records: SEEDED }] });
    expect(made.status).toBe(201);
    await context.addInitScript(() => localStorage.setItem('flowgate.bottomHeight', '360'));
    await signIn();
    // No API is open: Welcome in the centre, the bottom area's tabs under it.
    await page.locator('.welcome-card').waitFor();
    expect(await page.locator('.react-flow').count()).toBe(0);
    await page.getByRole('tab', { name: /^Tests/ }).click();
    await expect.poll(() => page.getByTestId('tests-panel').textContent()).toContain('Open an API to see its tests, or choose Suites');
    await page.getByTestId('tests-view-suites').click();
    await suiteRow(page, SUITE).getByTestId('suite-run-one').click();
    await expect.poll(() => suiteRow(page, SUITE).getAttribute('data-state')).toBe('passed');
    await page.locator('.tests-detail .suite-result[data-passed="true"]').waitFor();
    await screenshotsLightAndDark(page, 'test-suites-data-04-no-api-suites');

    // The suite editor works without an open API too.
    await suiteRow(page, SUITE).getByTestId('suite-edit').click();
    await editor(page).waitFor();
    expect(await page.getByTestId('suite-step-api').inputValue()).toBe(note.body.id);
    await page.getByTestId('suite-fixtures-entry').click();
    await expect.poll(() => page.getByTestId('suite-fixture-count').textContent()).toBe('2 records');
    await page.getByTestId('suite-close').click();
    await editor(page).waitFor({ state: 'detached' });

    // The other tabs: the API-specific ones say an API must be opened; Requests is the workspace's.
    const panel = page.locator('.bottom-area [role="tabpanel"]');
    await page.getByRole('tab', { name: /^Problems/ }).click();
    await expect.poll(() => panel.textContent()).toContain('Open an API to see what stops its flow from publishing');
    await page.getByRole('tab', { name: /^Tester/ }).click();
    await expect.poll(() => panel.textContent()).toContain('Open an API to try it.');
    await page.getByRole('tab', { name: /^Requests/ }).click();
    await page.getByTestId('request-log').waitFor();
    await screenshotsLightAndDark(page, 'test-suites-data-05-no-api-requests');

    // Opening an API afterwards brings its canvas above the same bottom area.
    await page.locator(`[data-testid="api-row"][data-api-id="${note.body.id}"] .api-row-main`).click();
    await page.getByTestId('node-note').waitFor();
    await page.getByRole('tab', { name: /^Problems/ }).click();
    await expect.poll(() => panel.textContent()).toContain('No problems');
    expect(problems.filter((problem) => !/status of 404/.test(problem))).toEqual([]);
  });
});
