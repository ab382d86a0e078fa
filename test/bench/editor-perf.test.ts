import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../support/serve.js';
import { launchChromium, screenshot, watchConsole } from '../e2e/support/browser.js';
import { startFrames, stopFrames, type FrameStats } from '../e2e/support/frames.js';

/**
 * `npm run bench:editor`, not part of `npm test`: a measurement, not a timed assertion. The figures go to
 * test-results/editor-frames.json and the log.
 */
const NODE_COUNT = 1000;
const COLUMNS = 25;
const MOVE_STEPS = 60;
/** Lets the previous gesture's last frames pass before the next measurement starts. */
const SETTLE_MS = 300;
/** Between wheel steps while zooming to a level, so each step is drawn before the next is judged. */
const WHEEL_STEP_MS = 20;

/** Request → 998 Transforms in a chain → Respond, on a grid. */
function bigFlow() {
  const nodes = Array.from({ length: NODE_COUNT }, (_, index) => {
    const type = index === 0 ? 'request' : index === NODE_COUNT - 1 ? 'respond' : 'transform';
    const key = index === 0 ? 'request' : `step${index}`;
    const config = type === 'transform' ? { expression: index === 1 ? 'request.query' : `steps.step${index - 1}` } : type === 'respond' ? { status: 200, body: `steps.step${index - 1}` } : {};
    return { id: `n${index}`, type, key, position: { x: (index % COLUMNS) * 280, y: Math.floor(index / COLUMNS) * 140 }, config };
  });
  const edges = nodes.slice(1).map((node, index) => ({ id: `e${index}`, source: `n${index}`, sourceHandle: 'out', target: node.id }));
  return { name: 'Big flow', method: 'GET', path: '/big', flow: { nodes, edges } };
}

let served: Served;
let browser: Browser;
let page: Page;

describe('editor at scale', () => {
  beforeAll(async () => {
    [served, browser] = await Promise.all([serve(), launchChromium()]);
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it(`pans, zooms and drags a ${NODE_COUNT}-node flow (frame times reported)`, async () => {
    const console = watchConsole(page);
    const created = await served.admin('POST', '/apis', bigFlow());
    expect(created.status).toBe(201);
    await page.goto(served.loginUrl);
    await page.goto(`${served.adminUrl}/#api=${created.body.id}`);
    await page.reload();
    await page.locator('[data-testid="node-request"]').waitFor();
    await expect.poll(() => page.getByTestId('problems-pill').textContent(), { timeout: 20_000 }).toBe('No problems');

    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    const results: Record<string, FrameStats> = {};
    const measure = async (name: string, action: () => Promise<void>): Promise<void> => {
      await page.waitForTimeout(SETTLE_MS);
      await startFrames(page);
      await action();
      results[name] = await stopFrames(page);
    };
    const pan = async (): Promise<void> => {
      const from = await emptyPoint(page);
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(from.x - 300, from.y - 200, { steps: MOVE_STEPS });
      await page.mouse.move(from.x, from.y, { steps: MOVE_STEPS });
      await page.mouse.up();
    };
    const zoom = async (): Promise<void> => {
      await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
      for (let step = 0; step < 20; step++) await page.mouse.wheel(0, -60);
      for (let step = 0; step < 20; step++) await page.mouse.wheel(0, 60);
    };
    const dragNode = async (): Promise<void> => {
      const box = (await page.locator('[data-testid="node-request"] .step-node-icon').boundingBox())!;
      const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(from.x + 200, from.y + 120, { steps: MOVE_STEPS });
      await page.mouse.move(from.x + 40, from.y + 40, { steps: MOVE_STEPS });
      await page.mouse.up();
    };

    // Everything in view (fit view: ~0.1 zoom, all 1000 nodes rendered).
    await measure('pan, whole flow in view', pan);
    await measure('zoom in and out, whole flow in view', zoom);
    // Working zooms, around the Request node's corner of the flow.
    await zoomTo(page, 1);
    await measure('pan at 100 %', pan);
    await measure('drag a node at 100 %', dragNode);
    await zoomTo(page, 0.35);
    await measure('pan at 35 %', pan);
    await measure('drag a node at 35 %', dragNode);
    await screenshot(page, '10-thousand-nodes');

    mkdirSync('test-results', { recursive: true });
    writeFileSync(path.join('test-results', 'editor-frames.json'), `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`Frame times (ms) on a ${NODE_COUNT}-node flow:\n${Object.entries(results).map(([name, stats]) => `  ${name}: p50 ${stats.p50}, p95 ${stats.p95}, max ${stats.max} over ${stats.frames} frames`).join('\n')}\n`);
    for (const stats of Object.values(results)) expect(stats.frames).toBeGreaterThan(10);
    expect(console.problems).toEqual([]);
  }, 120_000);
});

/** A point near the canvas centre where a press lands on the empty pane (so dragging pans instead of moving a node). */
async function emptyPoint(page: Page): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(() => {
    const bounds = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect();
    const centre = { x: bounds.left + bounds.width / 2, y: bounds.top + bounds.height / 2 };
    for (let radius = 0; radius < 300; radius += 6) {
      for (let angle = 0; angle < 360; angle += 30) {
        const x = centre.x + radius * Math.cos((angle * Math.PI) / 180);
        const y = centre.y + radius * Math.sin((angle * Math.PI) / 180);
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
      }
    }
    return null;
  });
  if (!point) throw new Error('no empty spot on the canvas to pan from');
  return point;
}

/** Zooms with the wheel, pointing at the Request node so it stays in view, until the canvas shows `zoom`. */
async function zoomTo(page: Page, zoom: number): Promise<void> {
  const scaleNow = (): Promise<number> =>
    page.evaluate(() => Number(/scale\(([\d.]+)\)/.exec(document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '')?.[1] ?? '1'));
  for (let attempt = 0; attempt < 80; attempt++) {
    const scale = await scaleNow();
    if (Math.abs(scale - zoom) / zoom < 0.1) return;
    const box = (await page.locator('[data-testid="node-request"]').boundingBox())!;
    await page.mouse.move(box.x + 4, box.y + 4);
    await page.mouse.wheel(0, scale < zoom ? -100 : 100);
    await page.waitForTimeout(WHEEL_STEP_MS);
  }
}
