import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { centreOf, screenshot, waitForCanvasAtRest } from './support/browser.js';
import { editorPerTest } from './support/workspace.js';

const VIEWPORT = { width: 1280, height: 800 };
/** The second window is a big dark one, so the dialog is seen at both sizes and in both schemes. */
const WIDE = { width: 1920, height: 1080 };
const world = editorPerTest({ viewport: VIEWPORT, screenshotPrefix: 'conflict-', context: { locale: 'en-US' } });

/** request → ok (Respond 202): the API both windows open. */
const createUser = {
  name: 'Create user',
  method: 'POST',
  path: '/users',
  flow: {
    nodes: [
      { id: 'n1', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 'n2', type: 'respond', key: 'ok', position: { x: 320, y: 0 }, config: { status: 202, body: 'request.body' } },
    ],
    edges: [{ id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' }],
  },
};

const node = (key: string): string => `[data-testid="node-${key}"]`;
const saveStatus = (page: Page) => page.getByTestId('save-status');

async function openApi(page: Page, apiId: string): Promise<void> {
  await page.locator(`[data-testid="api-row"][data-api-id="${apiId}"] .api-row-main`).click();
  await page.locator(node('ok')).waitFor();
  await waitForCanvasAtRest(page);
}

async function select(page: Page, key: string): Promise<void> {
  const icon = await centreOf(page, `${node(key)} .step-node-icon`);
  await page.mouse.click(icon.x, icon.y);
}

async function setStatus(page: Page, status: number): Promise<void> {
  await select(page, 'ok');
  await page.getByTestId('field-status').fill(String(status));
}

const stored = async (apiId: string) => (await world.served.admin('GET', `/apis/${apiId}`)).body;
const storedStatus = async (apiId: string): Promise<unknown> => (await stored(apiId)).flow.nodes.find((n: { key: string }) => n.key === 'ok').config.status;
const storedKeys = async (apiId: string): Promise<string[]> => (await stored(apiId)).flow.nodes.map((n: { key: string }) => n.key).sort();

describe('two windows on one API', () => {
  it('the second save shows "changed in another window" with both versions, never "Saved", and no edit is lost', async () => {
    const { page: windowA, served, context, problems } = world;
    const created = await served.admin('POST', '/apis', createUser);
    expect(created.status).toBe(201);
    const apiId = created.body.id as string;

    // Two windows of one browser: the second shares the first's session.
    await world.signIn();
    const contextB = await context.browser()!.newContext({ viewport: WIDE, locale: 'en-US', colorScheme: 'dark' });
    try {
      await contextB.addCookies(await context.cookies());
      const windowB = await contextB.newPage();
      const problemsB: string[] = [];
      windowB.on('pageerror', (error) => problemsB.push(error.message));
      await windowB.goto(served.adminUrl);
      await windowB.locator('.top-bar').waitFor();
      await openApi(windowA, apiId);
      await openApi(windowB, apiId);

      // Window A changes the status 202 → 203 and saves.
      await setStatus(windowA, 203);
      await windowA.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
      await expect.poll(() => storedStatus(apiId)).toBe(203);

      // Window B, still showing 202, adds a Log node: its save is refused and it says so.
      await windowB.getByTestId('palette-log').click();
      await windowB.locator(node('log')).waitFor();
      const dialog = windowB.getByTestId('conflict-dialog');
      await dialog.waitFor();
      expect(await saveStatus(windowB).getAttribute('data-status')).toBe('conflict');
      expect(await saveStatus(windowB).textContent()).toContain('Not saved: changed in another window');
      expect(await dialog.textContent()).toContain('The API "Create user" was changed in another window');
      const rows = await windowB.getByTestId('conflict-row').allTextContents();
      expect(rows).toContain('Node "ok" (Respond) · Status203202');
      expect(rows.some((row) => /^Node "log" \(Log\)—Log node: info/.test(row))).toBe(true);
      // A node only one window has is one row, not one per field.
      expect(rows.filter((row) => row.startsWith('Node "log"'))).toHaveLength(1);
      expect(await windowB.getByTestId('conflict-reload').isVisible()).toBe(true);
      expect(await windowB.getByTestId('conflict-keep-mine').isVisible()).toBe(true);
      await screenshot(windowB, 'conflict-01-changed-in-another-window-1920-dark');
      expect(await storedKeys(apiId)).toEqual(['ok', 'request']);

      // Merge both: B's node and A's status, saved on A's revision.
      await windowB.getByTestId('conflict-merge').click();
      await windowB.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
      await expect.poll(() => storedKeys(apiId)).toEqual(['log', 'ok', 'request']);
      expect(await storedStatus(apiId)).toBe(203);
      await select(windowB, 'ok');
      expect(await windowB.getByTestId('field-status').inputValue()).toBe('203');

      // Window A is now the stale one: its next edit meets the same question, and Reload shows B's node.
      await setStatus(windowA, 204);
      await windowA.getByTestId('conflict-dialog').waitFor();
      expect(await saveStatus(windowA).getAttribute('data-status')).toBe('conflict');
      expect((await windowA.getByTestId('conflict-row').allTextContents()).some((row) => /^Node "log" \(Log\)Log node: info.*—$/.test(row))).toBe(true);
      await screenshot(windowA, 'conflict-02-stale-window-1280-light');
      await windowA.getByTestId('conflict-merge').click();
      await windowA.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
      await expect.poll(() => storedStatus(apiId)).toBe(204);
      expect(await storedKeys(apiId)).toEqual(['log', 'ok', 'request']);
      await windowA.locator(node('log')).waitFor();
      await screenshot(windowA, 'conflict-03-merged');

      // Reload takes the other window's version: B's 203 is replaced by A's 204, and B can go on from there.
      await setStatus(windowB, 201);
      await windowB.getByTestId('conflict-dialog').waitFor();
      await windowB.getByTestId('conflict-reload').click();
      await windowB.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
      await select(windowB, 'ok');
      expect(await windowB.getByTestId('field-status').inputValue()).toBe('204');
      expect(await storedStatus(apiId)).toBe(204);
      expect(problemsB).toEqual([]);
    } finally {
      await contextB.close();
    }
    expect(problems.filter((line) => !line.includes('412'))).toEqual([]);
  });
});
