import type { Page } from 'playwright-core';
import { screenshot } from './browser.js';
import { readRecordApi } from './flows.js';

/** GET /notes/:id: the note, or 404. */
export const readNote = readRecordApi({ name: 'Read note', path: '/notes/:id', collection: 'notes', key: 'note' });

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
