import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getUser } from '../fixtures/apis.js';
import { screenshot, waitForCanvasAtRest } from './support/browser.js';
import { editorPerTest } from './support/workspace.js';

const world = editorPerTest({ viewport: { width: 1280, height: 800 }, screenshotPrefix: 'canvas-view-' });

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (inner: Box, outer: Box): boolean => inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;

/** A straight flow of `count` steps after Request, each 300 px right of the one before: wider than the canvas at a readable zoom. */
function longFlow(count: number) {
  const nodes = [{ id: 'r', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} }];
  const edges = [];
  for (let index = 1; index <= count; index++) {
    nodes.push({ id: `s${index}`, type: 'log', key: `step${index}`, position: { x: index * 300, y: 0 }, config: {} });
    edges.push({ id: `e${index}`, source: index === 1 ? 'r' : `s${index - 1}`, sourceHandle: 'out', target: `s${index}` });
  }
  nodes.push({ id: 'end', type: 'respond', key: 'done', position: { x: (count + 1) * 300, y: 0 }, config: { status: 200, body: '"ok"' } });
  edges.push({ id: 'last', source: `s${count}`, sourceHandle: 'out', target: 'end' });
  return { name: 'Long flow', method: 'GET', path: '/long', flow: { nodes, edges } };
}

async function open(definition: object): Promise<string> {
  const apiId = (await world.served.admin('POST', '/apis', definition)).body.id as string;
  await world.signIn();
  await world.page.locator(`[data-testid="api-row"][data-api-id="${apiId}"] .api-row-main`).click();
  await world.page.getByTestId('node-request').waitFor();
  await waitForCanvasAtRest(world.page);
  return apiId;
}

const zoomPercent = async (page: Page): Promise<number> => Number((await page.getByTestId('zoom-level').textContent())!.replace('%', ''));
const canvasBox = async (page: Page): Promise<Box> => (await page.getByTestId('canvas').boundingBox())!;
const nodeBoxes = async (page: Page): Promise<Box[]> => {
  const boxes = await Promise.all((await page.locator('.step-node').all()).map((item) => item.boundingBox()));
  return boxes.filter((box): box is Box => box !== null);
};

describe('the canvas view', () => {
  it('opens a wide flow at a readable zoom from its Request node, with the minimap clear of every node', async () => {
    const { page, problems } = world;
    await open(longFlow(8));
    expect(await zoomPercent(page)).toBeGreaterThanOrEqual(60);
    expect(inside((await page.getByTestId('node-request').boundingBox())!, await canvasBox(page))).toBe(true);
    const minimap = (await page.locator('.react-flow__minimap').boundingBox())!;
    for (const box of await nodeBoxes(page)) expect(overlaps(box, minimap)).toBe(false);
    await screenshot(page, 'canvas-view-01-wide-flow-1280');
    expect(problems).toEqual([]);
  });

  it('refits a flow when the canvas changes size, and keeps the user’s view centred once they zoomed', async () => {
    const { page, problems } = world;
    await open(getUser());
    const allInView = async (): Promise<boolean> => {
      await waitForCanvasAtRest(page);
      const canvas = await canvasBox(page);
      return (await nodeBoxes(page)).every((box) => inside(box, canvas));
    };
    expect(await page.locator('.react-flow__minimap').count()).toBe(0);
    expect(await allInView()).toBe(true);

    await page.getByRole('tab', { name: 'Tester', exact: true }).click();
    await page.getByTestId('tester').waitFor();
    expect(await allInView()).toBe(true);
    const narrow = await zoomPercent(page);
    await page.getByRole('button', { name: 'Fold the side panel' }).click();
    await expect.poll(async () => (await allInView()) && (await zoomPercent(page)) >= narrow).toBe(true);
    await screenshot(page, 'canvas-view-02-refit-after-panels');

    await page.getByRole('button', { name: 'Zoom in' }).click();
    await waitForCanvasAtRest(page);
    const offset = async (): Promise<{ dx: number; dy: number }> => {
      const canvas = await canvasBox(page);
      const user = (await page.getByTestId('node-user').boundingBox())!;
      return { dx: user.x + user.width / 2 - (canvas.x + canvas.width / 2), dy: user.y + user.height / 2 - (canvas.y + canvas.height / 2) };
    };
    const zoomed = await zoomPercent(page);
    const before = await offset();
    await page.getByRole('button', { name: 'Unfold the side panel' }).click();
    await waitForCanvasAtRest(page);
    const after = await offset();
    expect(await zoomPercent(page)).toBe(zoomed);
    expect(Math.abs(after.dx - before.dx)).toBeLessThan(2);
    expect(Math.abs(after.dy - before.dy)).toBeLessThan(2);
    expect(problems).toEqual([]);
  });

  it('fits each API as it opens, also when two flows use the same node ids', async () => {
    const { page, served, problems } = world;
    const shifted = getUser({ name: 'Find user', path: '/people/:id' });
    shifted.flow.nodes = shifted.flow.nodes.map((item) => ({ ...item, position: { x: item.position.x + 900, y: item.position.y + 400 } }));
    const secondId = (await served.admin('POST', '/apis', shifted)).body.id as string;
    const firstId = await open(getUser());
    const gaps = async (): Promise<{ left: number; right: number }> => {
      await waitForCanvasAtRest(page);
      const canvas = await canvasBox(page);
      const boxes = await nodeBoxes(page);
      return { left: Math.min(...boxes.map((box) => box.x)) - canvas.x, right: canvas.x + canvas.width - Math.max(...boxes.map((box) => box.x + box.width)) };
    };
    const first = await gaps();
    expect(Math.abs(first.left - first.right)).toBeLessThan(2);
    for (const apiId of [secondId, firstId]) {
      await page.locator(`[data-testid="api-row"][data-api-id="${apiId}"] .api-row-main`).click();
      await expect.poll(() => page.locator('[data-testid="api-row"].active').getAttribute('data-api-id')).toBe(apiId);
      const shown = await gaps();
      expect(Math.abs(shown.left - first.left)).toBeLessThan(2);
      expect(Math.abs(shown.right - first.right)).toBeLessThan(2);
    }
    expect(problems).toEqual([]);
  });

  it('ends long API names and paths with an ellipsis, clear of the method badge and of the actions', async () => {
    const { page, problems } = world;
    const name = 'Get the customer profile with all linked billing accounts, invoices and payment methods';
    const path = '/customers/:customerId/billing-accounts/with-invoices-and-payment-methods';
    await open({ ...getUser(), name, path });

    const topName = page.locator('.top-bar-name');
    expect(await topName.getAttribute('title')).toBe(name);
    expect(await topName.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    const method = (await page.locator('.top-bar-route .method').boundingBox())!;
    const shownPath = (await page.locator('.top-bar-route .ellipsis').boundingBox())!;
    expect(method.x + method.width).toBeLessThanOrEqual(shownPath.x);
    expect((await page.locator('.top-bar-api').boundingBox())!.x + (await page.locator('.top-bar-api').boundingBox())!.width).toBeLessThanOrEqual(
      (await page.getByTestId('publish').boundingBox())!.x,
    );

    const row = page.locator('[data-testid="api-row"]').first();
    const rowName = row.locator('.api-row-name');
    expect(await rowName.getAttribute('title')).toBe(name);
    const rowMethod = (await row.locator('.api-row-title .method').boundingBox())!;
    const rowNameBox = (await rowName.boundingBox())!;
    expect(rowMethod.x + rowMethod.width).toBeLessThanOrEqual(rowNameBox.x);
    expect(rowNameBox.x + rowNameBox.width).toBeLessThanOrEqual((await row.boundingBox())!.x + (await row.boundingBox())!.width);
    await screenshot(page, 'canvas-view-03-long-names');
    expect(problems).toEqual([]);
  });
});
