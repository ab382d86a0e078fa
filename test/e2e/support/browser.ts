import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { beforeEach, onTestFailed } from 'vitest';

export const CHROMIUM_PATH = '/usr/bin/chromium';
/** How long an e2e step may wait for the page: generous, since CI runs browsers and servers side by side on two cores. */
export const E2E_STEP_TIMEOUT_MS = 15_000;

export const SCREENSHOT_DIR = path.resolve('test-results', 'screenshots');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, headless; a clear message when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: the editor's end-to-end tests drive it. Install it with \`apt-get install -y chromium\`.`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Collects console errors and warnings and uncaught page errors, so a test can assert there were none. */
export function watchConsole(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return { problems };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Drags with several mouse moves, which React Flow needs to see a drag (and HTML5 drag-and-drop to start). */
export async function dragBetween(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, steps = 12): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 4, from.y + 4, { steps: 2 });
  await page.mouse.move(to.x, to.y, { steps });
  await page.mouse.up();
}

/** The centre of an element's box. */
export async function centreOf(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** An editor page signed in through the one-time login link, with its console watched. */
export async function openEditor(
  browser: Browser,
  loginUrl: string,
  options: { viewport: { width: number; height: number }; acceptDownloads?: boolean },
): Promise<{ page: Page; problems: string[] }> {
  const page = await (await browser.newContext(options)).newPage();
  page.setDefaultTimeout(E2E_STEP_TIMEOUT_MS);
  const { problems } = watchConsole(page);
  await page.goto(loginUrl);
  await page.locator('.top-bar').waitFor();
  return { page, problems };
}

/** Keeps a screenshot of the page, named after the test, when a test of this file fails. */
export function screenshotOnFailure(prefix: string, page: () => Page): void {
  beforeEach((context) => {
    onTestFailed(async () => {
      await screenshot(page(), `${prefix}failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
    });
  });
}
