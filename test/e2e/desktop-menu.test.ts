import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { echo } from '../fixtures/apis.js';
import type { Served } from '../support/serve.js';
import { editorPerTest } from './support/workspace.js';

const world = editorPerTest({ viewport: { width: 1440, height: 900 }, screenshotPrefix: 'desktop-menu-' });

/**
 * The editor as the desktop window runs it: with `window.flowgate` from the preload (here a stand-in
 * with the same contract), signed in by the admin key, carrying out File ▸ Export/Import JSON.
 */
describe('the editor under the desktop bridge', () => {
  /** Publishes Hello, stands in for the preload's bridge and opens the editor, which the bridge's admin key signs in (no login link). */
  async function openUnderBridge(page: Page, served: Served): Promise<void> {
    const api = await served.admin('POST', '/apis', echo('/hello', '"hello"', { name: 'Hello' }));
    expect((await served.admin('POST', `/apis/${api.body.id}/publish`, { environment: 'dev' })).status).toBe(200);
    await page.addInitScript(
      ({ adminUrl, adminKey }) => {
        const listeners = new Map<string, () => void>();
        const record = window as unknown as { saved: unknown[]; fire: (command: string) => void; toOpen: { name: string; content: string } | null };
        record.saved = [];
        record.toOpen = null;
        record.fire = (command) => listeners.get(command)?.();
        (window as unknown as { flowgate: unknown }).flowgate = {
          adminUrl, adminKey, appVersion: '0.1.0-test',
          openFile: async () => record.toOpen,
          saveFile: async (options: { suggestedName: string; content: string }) => {
            record.saved.push(options);
            return { name: options.suggestedName };
          },
          openExternal: async () => undefined,
          onMenu: (command: string, callback: () => void) => {
            listeners.set(command, callback);
            return () => listeners.delete(command);
          },
        };
      },
      { adminUrl: served.adminUrl, adminKey: served.adminKey },
    );
    await page.goto(served.adminUrl);
    await page.locator('.top-bar').waitFor();
  }

  it('exports the workspace through the native save dialog', async () => {
    const { page, served, problems } = world;
    await openUnderBridge(page, served);
    await page.evaluate(() => (window as unknown as { fire: (c: string) => void }).fire('export-json'));
    await expect.poll(() => page.evaluate(() => (window as unknown as { saved: unknown[] }).saved.length)).toBe(1);
    const saved = await page.evaluate(() => (window as unknown as { saved: { suggestedName: string; content: string }[] }).saved[0]!);
    expect(saved.suggestedName).toMatch(/^flowgate-workspace-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(saved.content);
    expect(file.format).toBe('flowgate-workspace');
    expect(file.apis.map((api: any) => api.definition?.name ?? api.name)).toContain('Hello');
    await expect.poll(() => page.locator('.toast').first().textContent()).toContain('Exported to');
    expect(problems).toEqual([]);
  });

  it('imports a file picked in the native open dialog, asking about conflicts first', async () => {
    const { page, served, problems } = world;
    await openUnderBridge(page, served);
    const exported = await served.admin('GET', '/workspace/export');
    await page.evaluate((content) => {
      (window as unknown as { toOpen: unknown }).toOpen = { name: 'mine.json', content };
      (window as unknown as { fire: (c: string) => void }).fire('import-json');
    }, JSON.stringify(exported.body));
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expect.poll(() => dialog.textContent()).toContain('mine.json');
    expect(problems).toEqual([]);
  });
});
