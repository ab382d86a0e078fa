import type { Page } from 'playwright-core';
import { screenshot } from './browser.js';

/** Flow pieces the suite e2e tests build their APIs from. */
export const request = { id: 'n1', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} };
export const edge = (id: string, source: string, target: string, sourceHandle = 'out') => ({ id, source, sourceHandle, target });

/** GET /notes/:id: the note, or 404. */
export const readNote = {
  name: 'Read note', method: 'GET', path: '/notes/:id',
  flow: {
    nodes: [
      request,
      { id: 'n2', type: 'record.get', key: 'note', position: { x: 260, y: 0 }, config: { collection: 'notes', id: 'request.params.id' } },
      { id: 'n3', type: 'respond', key: 'ok', position: { x: 520, y: -80 }, config: { status: 200, body: 'steps.note' } },
      { id: 'n4', type: 'fail', key: 'missing', position: { x: 520, y: 80 }, config: { status: 404, code: 'not_found', message: "'no note ' & request.params.id" } },
    ],
    edges: [edge('e1', 'n1', 'n2'), edge('e2', 'n2', 'n3', 'found'), edge('e3', 'n2', 'n4', 'missing')],
  },
};

export const suiteEditor = (page: Page) => page.getByTestId('suite-editor');
export const stepRow = (page: Page, number: number) => page.getByTestId('suite-step-row').nth(number - 1);
export const suiteRow = (page: Page, name: string) => page.locator(`[data-testid="suite-row"][data-suite-name="${name}"]`);

/** Waits until no CSS transition runs (a colour scheme just switched), so a screenshot shows the settled page; endless ones (a live dot) never settle. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity));
}

/** Shows the page in a colour scheme, once its transitions settled, and takes its screenshot. */
export async function screenshotIn(page: Page, scheme: 'light' | 'dark', name: string): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme });
  await settled(page);
  await screenshot(page, name);
}

/** Takes the page's screenshot in light, then in dark (`<name>-light`, `<name>-dark`), and goes back to light. */
export async function screenshotsLightAndDark(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) await screenshotIn(page, scheme, `${name}-${scheme}`);
  await page.emulateMedia({ colorScheme: 'light' });
}
