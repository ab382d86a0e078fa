import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Served } from '../support/serve.js';
import { screenshot } from './support/browser.js';
import { editorPerTest } from './support/workspace.js';

const world = editorPerTest({ viewport: { width: 1440, height: 900 }, screenshotPrefix: 'data-panel-' });

const TEAMS = ['red', 'green', 'blue', 'amber'];
const person = (n: number) => ({ id: `p${String(n).padStart(6, '0')}`, name: `Person ${n}`, team: TEAMS[n % TEAMS.length], age: 20 + (n % 47), active: n % 3 !== 0 });
/** Records per bulk import: well under the admin API's 10 MB body. */
const IMPORT_BATCH = 50_000;

/** Seeds `people` through the bulk import route, a batch per request. */
async function seedPeople(served: Served, count: number): Promise<void> {
  for (let start = 0; start < count; start += IMPORT_BATCH) {
    const records = Array.from({ length: Math.min(IMPORT_BATCH, count - start) }, (_, at) => person(start + at));
    const written = await served.admin('POST', '/collections/people/records', { records });
    expect(written.status, JSON.stringify(written.body).slice(0, 200)).toBe(201);
  }
}

/** GET /people?team= → record.query (v2) → respond: publishing it makes the team and age indexes. */
const listPeople = {
  name: 'List people',
  method: 'GET',
  path: '/people',
  flow: {
    nodes: [
      { id: 'r', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 'q', type: 'record.query', typeVersion: 2, key: 'people', position: { x: 240, y: 0 }, config: { collection: 'people', filter: '{"team": request.query.team}', sort: '-age' } },
      { id: 'o', type: 'respond', key: 'answer', position: { x: 480, y: 0 }, config: { status: 200, body: 'steps.people' } },
    ],
    edges: [
      { id: 'e1', source: 'r', sourceHandle: 'out', target: 'q' },
      { id: 'e2', source: 'q', sourceHandle: 'out', target: 'o' },
    ],
  },
};

async function openData(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Data', exact: true }).click();
  await page.getByTestId('data-panel').waitFor();
}

const rowIds = (page: Page): Promise<string[]> => page.getByTestId('record-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-record-id') ?? ''));
const cellsOf = (page: Page, column: number): Promise<string[]> =>
  page.getByTestId('record-row').evaluateAll((rows, at) => rows.map((row) => row.children[at]?.textContent ?? ''), column);

describe('the Data panel', () => {
  it('browses a collection a page at a time, filters and sorts it', async () => {
    const { page, served, problems } = world;
    await seedPeople(served, 120);
    await world.signIn();
    await openData(page);
    await expect.poll(() => page.getByTestId('collection-tab').first().textContent()).toBe('people120');
    await expect.poll(() => page.getByTestId('record-row').count()).toBe(50);
    expect(await page.getByTestId('record-range').textContent()).toBe('1–50 of 120');

    await page.getByTestId('records-next').click();
    await expect.poll(() => page.getByTestId('record-range').textContent()).toBe('51–100 of 120');
    // The range changes with the rows, never before them (a busy machine showed "51–100" over page 1's rows).
    expect((await rowIds(page))[0]).toBe('p000050');
    await page.getByTestId('records-next').click();
    await expect.poll(() => page.getByTestId('record-row').count()).toBe(20);
    expect(await page.getByTestId('records-next').isDisabled()).toBe(true);
    await page.getByTestId('records-previous').click();
    await expect.poll(async () => (await rowIds(page))[0]).toBe('p000050');

    await page.getByTestId('record-filter').fill('team = red, active = true');
    await page.getByTestId('record-filter-apply').click();
    await expect.poll(async () => new Set(await cellsOf(page, 2))).toEqual(new Set(['red']));
    expect(await cellsOf(page, 4)).not.toContain('false');
    await page.getByRole('button', { name: 'Count matches' }).click();
    const reds = Array.from({ length: 120 }, (_, n) => person(n)).filter((p) => p.team === 'red' && p.active);
    await expect.poll(() => page.getByTestId('record-range').textContent()).toBe(`1–${reds.length} of ${reds.length} matches`);

    await page.locator('[data-testid="sort-column"][data-column="age"]').click();
    await expect.poll(async () => (await cellsOf(page, 3)).map(Number)).toEqual(reds.map((p) => p.age).sort((a, b) => a - b));
    await page.locator('[data-testid="sort-column"][data-column="age"]').click();
    await expect.poll(async () => (await cellsOf(page, 3)).map(Number)).toEqual(reds.map((p) => p.age).sort((a, b) => b - a));
    expect(problems).toEqual([]);
  });

  it('edits and deletes a record, and undoes both', async () => {
    const { page, served, problems } = world;
    await seedPeople(served, 5);
    await world.signIn();
    await openData(page);
    await page.locator('[data-testid="record-row"][data-record-id="p000002"]').click();
    const json = page.getByTestId('record-json');
    expect(JSON.parse(await json.inputValue())).toEqual(person(2));
    await json.fill(JSON.stringify({ ...person(2), name: 'Grace Hopper' }, null, 2));
    await screenshot(page, 'data-panel-01-edit-record');
    await page.getByTestId('record-save').click();
    await expect.poll(async () => (await served.admin('GET', '/collections/people/records/p000002')).body.name).toBe('Grace Hopper');
    await expect.poll(() => page.locator('[data-testid="record-row"][data-record-id="p000002"] td').nth(1).textContent()).toBe('Grace Hopper');

    await page.getByTestId('record-undo').click();
    await expect.poll(async () => (await served.admin('GET', '/collections/people/records/p000002')).body.name).toBe('Person 2');
    await expect.poll(() => page.locator('[data-testid="record-row"][data-record-id="p000002"] td').nth(1).textContent()).toBe('Person 2');

    await page.locator('[data-testid="record-row"][data-record-id="p000003"]').click();
    await page.getByTestId('record-delete').click();
    await expect.poll(() => rowIds(page)).toEqual(['p000000', 'p000001', 'p000002', 'p000004']);
    await expect.poll(() => page.getByTestId('collection-tab').first().textContent()).toBe('people4');
    await page.getByTestId('record-undo').click();
    await expect.poll(() => rowIds(page)).toEqual(['p000000', 'p000001', 'p000002', 'p000004', 'p000003']);
    expect((await served.admin('GET', '/collections/people/records/p000003')).body).toEqual(person(3));

    await page.getByTestId('record-add').click();
    await page.getByTestId('record-json').fill('{"id": "ada", "name": "Ada Lovelace", "team": "red"}');
    await page.getByTestId('record-save').click();
    await expect.poll(() => page.getByTestId('collection-tab').first().textContent()).toBe('people6');
    expect(problems).toEqual([]);
  });

  it('imports a CSV all or nothing and exports JSON and CSV', async () => {
    const { page, served, problems } = world;
    await seedPeople(served, 3);
    await world.signIn();
    await openData(page);
    await expect.poll(() => page.getByTestId('record-row').count()).toBe(3);

    // An id already there: the default refuses the whole file, and nothing changes.
    const csv = 'id,name,team,age\r\np000001,Clash,red,1\r\nnew1,New One,green,30\r\nnew2,"Two, Second",blue,31\r\n';
    await page.getByTestId('records-import-file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-records-submit').click();
    await expect.poll(() => page.getByTestId('import-records-error').textContent()).toContain('already exist');
    expect((await served.admin('GET', '/collections')).body[0].records).toBe(3);
    await screenshot(page, 'data-panel-02-import-conflict');
    await page.getByRole('radio', { name: 'Keep the stored record' }).check();
    await page.getByTestId('import-records-submit').click();
    await expect.poll(() => page.getByTestId('record-row').count()).toBe(5);
    expect((await served.admin('GET', '/collections/people/records/new2')).body).toEqual({ id: 'new2', name: 'Two, Second', team: 'blue', age: 31 });
    expect((await served.admin('GET', '/collections/people/records/p000001')).body.name).toBe('Person 1');

    await page.getByTestId('records-export').click();
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('records-export-json').click()]);
    expect(json.suggestedFilename()).toMatch(/^people-\d{4}-\d\d-\d\d\.json$/);
    const exported = JSON.parse(readFileSync((await json.path())!, 'utf8'));
    expect(exported.records.map((record: { id: string }) => record.id)).toEqual(['p000000', 'p000001', 'p000002', 'new1', 'new2']);

    await page.getByTestId('records-export').click();
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('records-export-csv').click()]);
    const lines = readFileSync((await csvDownload.path())!, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('id,name,team,age,active');
    expect(lines.at(-1)).toBe('new2,"Two, Second",blue,31,');
    // The refused import's 409 is the answer the dialog showed.
    expect(problems.filter((problem) => !problem.includes('status of 409'))).toEqual([]);
  });

  it('shows 100,000 records with their indexes, light and dark, at 1440×900 and 1280×800', async () => {
    const { page, served, problems } = world;
    await seedPeople(served, 100_000);
    const created = await served.admin('POST', '/apis', listPeople);
    expect((await served.admin('POST', `/apis/${created.body.id}/publish`, { environment: 'dev' })).status).toBe(200);
    await world.signIn();
    await openData(page);
    await expect.poll(() => page.getByTestId('collection-tab').first().textContent(), { timeout: 15_000 }).toBe('people100,000');
    await expect.poll(() => page.locator('[data-testid="index-chip"][data-state="ready"]').count(), { timeout: 60_000 }).toBe(2);
    await page.getByTestId('record-filter').fill('team = red');
    await page.getByTestId('record-filter-apply').click();
    await page.locator('[data-testid="sort-column"][data-column="age"]').click();
    await expect.poll(async () => new Set(await cellsOf(page, 2))).toEqual(new Set(['red']));
    await page.getByRole('button', { name: 'Count matches' }).click();
    await expect.poll(() => page.getByTestId('record-range').textContent()).toBe('1–50 of 25,000 matches');

    for (const [width, height] of [[1440, 900], [1280, 800]] as const) {
      await page.setViewportSize({ width, height });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await screenshot(page, `data-panel-03-100k-${width}-${scheme}`);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.locator('[data-testid="record-row"]').first().click();
    await screenshot(page, 'data-panel-04-100k-record-1280-light');
    expect(problems).toEqual([]);
  });
});
