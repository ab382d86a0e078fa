import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { RESOLVED_ERROR_ENV, RESOLVED_PATH_ENV, RESOLVED_SOURCE_ENV, describeChromium, npmChromiumArgs, resolveChromium, type ChromiumSource, type ResolvedChromium } from './chromium.js';

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
/** A real locale: under LANG=C.UTF-8 the npm Chromium's Intl fails on "en-US@posix" and the editor dies. */
const BROWSER_LANG = 'en_US.UTF-8';

let resolved: Promise<ResolvedChromium> | undefined;

/** The Chromium the suite's global setup resolved (passed down in the environment), or resolved here when a file runs without it. */
function chromiumForThisRun(): Promise<ResolvedChromium> {
  resolved ??= (async () => {
    const failure = process.env[RESOLVED_ERROR_ENV];
    if (failure) throw new Error(failure);
    const executablePath = process.env[RESOLVED_PATH_ENV];
    const source = process.env[RESOLVED_SOURCE_ENV] as ChromiumSource | undefined;
    if (executablePath && source) return { executablePath, source };
    const found = await resolveChromium();
    process.stdout.write(`${describeChromium(found)}\n`);
    return found;
  })();
  return resolved;
}

/** Chromium, headless: FLOWGATE_CHROMIUM, the system's or the npm package's (see chromium.ts); `extraArgs` add to the usual switches. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  const { executablePath, source } = await chromiumForThisRun();
  const usual = [...CHROMIUM_ARGS, ...extraArgs];
  const args = source === 'npm' ? [...new Set([...(await npmChromiumArgs()), ...usual])] : usual;
  return chromium.launch({ executablePath, args, env: { ...process.env, LANG: BROWSER_LANG } });
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

/** React Flow pans the view while a drag is this close to the canvas's edge (@xyflow/system calcAutoPan), plus a margin. */
const AUTO_PAN_ZONE_PX = 40 + 10;

/** Drags with several mouse moves, which React Flow needs to see a drag (and HTML5 drag-and-drop to start). */
export async function dragBetween(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, steps = 12): Promise<void> {
  // A drag near the edge pans the view under the pointer, the more the slower the page: a target there is missed under load.
  const pane = await page.locator('.react-flow').first().boundingBox();
  for (const [name, point] of [['start', from], ['end', to]] as const) {
    if (!pane || !isInside(point, pane)) continue;
    const toEdge = Math.min(point.x - pane.x, pane.x + pane.width - point.x, point.y - pane.y, pane.y + pane.height - point.y);
    if (toEdge < AUTO_PAN_ZONE_PX) {
      throw new Error(`The drag's ${name} (${Math.round(point.x)}, ${Math.round(point.y)}) is ${Math.round(toEdge)} px from the canvas's edge, where React Flow pans the view while dragging: place what it points at at least ${AUTO_PAN_ZONE_PX} px inside.`);
    }
  }
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 4, from.y + 4, { steps: 2 });
  await page.mouse.move(to.x, to.y, { steps });
  await page.mouse.up();
}

const isInside = (point: { x: number; y: number }, box: { x: number; y: number; width: number; height: number }): boolean =>
  point.x >= box.x && point.x <= box.x + box.width && point.y >= box.y && point.y <= box.y + box.height;

/** How far from a wanted point an empty spot of canvas is looked for, and in what steps. */
const EMPTY_SEARCH_RADIUS_PX = 240;
const EMPTY_SEARCH_STEP_PX = 8;

/**
 * The spot nearest to `near` where the canvas is empty (the bare pane under the pointer: no node, edge or
 * panel) and clear of its auto-pan zone, measured at rest: where a connection dropped opens the step menu.
 */
export async function emptyCanvasPointNear(page: Page, near: { x: number; y: number }): Promise<{ x: number; y: number }> {
  await waitForCanvasAtRest(page);
  const found = await page.evaluate(
    ({ near, margin, radius, step }) => {
      const pane = document.querySelector('.react-flow')!.getBoundingClientRect();
      const clear = (x: number, y: number): boolean =>
        x > pane.left + margin && x < pane.right - margin && y > pane.top + margin && y < pane.bottom - margin && Boolean(document.elementFromPoint(x, y)?.classList.contains('react-flow__pane'));
      for (let distance = 0; distance <= radius; distance += step) {
        for (let angle = 0; angle < 360; angle += 15) {
          const x = near.x + distance * Math.cos((angle * Math.PI) / 180);
          const y = near.y + distance * Math.sin((angle * Math.PI) / 180);
          if (clear(x, y)) return { x, y };
        }
      }
      return null;
    },
    { near, margin: AUTO_PAN_ZONE_PX, radius: EMPTY_SEARCH_RADIUS_PX, step: EMPTY_SEARCH_STEP_PX },
  );
  if (!found) throw new Error(`No empty canvas within ${EMPTY_SEARCH_RADIUS_PX} px of (${Math.round(near.x)}, ${Math.round(near.y)})`);
  return found;
}

/** The longest the canvas animates the view (a fit after Auto-layout: 300 ms), with a margin. */
const CANVAS_ANIMATION_MS = 400;
/** Frames that must show the canvas unchanged, so a stalled page (no frames drawn) never passes for one at rest. */
const FRAMES_AT_REST = 3;

/**
 * Waits until the canvas is at rest: its view and its nodes unchanged over several drawn frames spanning its
 * longest animation. Points on the canvas are only worth measuring then (a fit or a layout moves everything).
 */
export async function waitForCanvasAtRest(page: Page): Promise<void> {
  if ((await page.locator('.react-flow__viewport').count()) === 0) return;
  const token = Math.random().toString(36).slice(2);
  await page.waitForFunction(
    ({ token, quietMs, frames }) => {
      const shown = [...document.querySelectorAll<HTMLElement>('.react-flow__viewport, .react-flow__node')].map((element) => element.style.transform).join('|');
      const states = ((window as unknown as { __canvasRest?: Record<string, { shown: string; since: number; frames: number }> }).__canvasRest ??= {});
      const now = performance.now();
      const state = states[token];
      if (!state || state.shown !== shown) {
        states[token] = { shown, since: now, frames: 0 };
        return false;
      }
      state.frames++;
      if (now - state.since < quietMs || state.frames < frames) return false;
      delete states[token];
      return true;
    },
    { token, quietMs: CANVAS_ANIMATION_MS, frames: FRAMES_AT_REST },
    { polling: 'raf' },
  );
}

/** The centre of an element's box, measured once the canvas is at rest. */
export async function centreOf(page: Page, selector: string): Promise<{ x: number; y: number }> {
  await waitForCanvasAtRest(page);
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}
