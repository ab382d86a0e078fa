import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getUser } from '../fixtures/apis.js';
import { centreOf, dragBetween, screenshot, waitForCanvasAtRest } from './support/browser.js';
import { editorPerTest } from './support/workspace.js';

const world = editorPerTest({ viewport: { width: 1280, height: 800 }, screenshotPrefix: 'canvas-wiring-' });

/** Get user with a Log step standing free below the flow. */
const withLog = getUser({
  flow: {
    ...getUser().flow,
    nodes: [...getUser().flow.nodes, { id: 'n5', type: 'log', key: 'audit', position: { x: 480, y: 260 }, config: {} }],
  },
});

const node = (key: string) => `[data-testid="node-${key}"]`;
/** The wrapper React Flow draws around a node, which holds its handles. */
const wrapperOf = (key: string) => `.react-flow__node:has(${node(key)})`;
/** Each edge as "source:port→target", read from the draft the editor saves. */
async function savedEdges(apiId: string): Promise<string[]> {
  const saved = await world.served.admin('GET', `/apis/${apiId}`);
  return saved.body.flow.edges.map((edge: { source: string; sourceHandle: string; target: string }) => `${edge.source}:${edge.sourceHandle}→${edge.target}`).sort();
}
const saved = (page: Page) => page.locator('[data-testid="save-status"][data-status="saved"]').waitFor();

async function open(definition: object): Promise<string> {
  const apiId = (await world.served.admin('POST', '/apis', definition)).body.id as string;
  await world.signIn();
  await world.page.locator(`[data-testid="api-row"][data-api-id="${apiId}"] .api-row-main`).click();
  await world.page.locator(node('request')).waitFor();
  await waitForCanvasAtRest(world.page);
  return apiId;
}

describe('canvas wiring', () => {
  it('refuses a second connection from a used output with a hint, and moves a connection by dragging its end', async () => {
    const { page, problems } = world;
    const apiId = await open(withLog);
    const before = await savedEdges(apiId);

    await dragBetween(page, await centreOf(page, `${node('user')} [data-port="found"] .react-flow__handle`), await centreOf(page, `${wrapperOf('audit')} .step-handle-in`), 15);
    const hint = page.getByTestId('canvas-hint');
    await expect.poll(() => hint.textContent()).toContain('“found” of user already leads to ok');
    await screenshot(page, 'canvas-wiring-01-refused');
    expect(await page.locator('.react-flow__edge').count()).toBe(3);
    expect(await savedEdges(apiId)).toEqual(before);

    // The end of found → ok, grabbed just left of ok's input handle, dropped on the Log step's input.
    const okInput = await centreOf(page, `${wrapperOf('ok')} .step-handle-in`);
    await dragBetween(page, { x: okInput.x - 8, y: okInput.y }, await centreOf(page, `${wrapperOf('audit')} .step-handle-in`), 15);
    await expect.poll(() => page.locator('[data-testid="rf__edge-e2"]').getAttribute('aria-label')).toBe('Edge from n2 to n5');
    await saved(page);
    await expect.poll(() => savedEdges(apiId)).toEqual(['n1:out→n2', 'n2:found→n5', 'n2:missing→n4']);
    await page.keyboard.press('Control+z');
    await expect.poll(() => savedEdges(apiId)).toEqual(before);
    expect(problems).toEqual([]);
  });

  it('inserts a node dropped on an edge, makes room after it, and one undo takes it out', async () => {
    const { page, problems } = world;
    const apiId = await open(getUser());
    const userBefore = (await page.locator(node('user')).boundingBox())!;
    const edge = (await page.locator('[data-testid="rf__edge-e1"] .react-flow__edge-path').boundingBox())!;
    await dragBetween(page, await centreOf(page, '[data-testid="palette-log"]'), { x: edge.x + edge.width / 2, y: edge.y + edge.height / 2 }, 20);

    await page.locator(node('log')).waitFor();
    await saved(page);
    const logId = (await world.served.admin('GET', `/apis/${apiId}`)).body.flow.nodes.find((item: { key: string }) => item.key === 'log').id as string;
    await expect.poll(() => savedEdges(apiId)).toEqual([`${logId}:out→n2`, 'n1:out→' + logId, 'n2:found→n3', 'n2:missing→n4'].sort());
    await waitForCanvasAtRest(page);
    const log = (await page.locator(node('log')).boundingBox())!;
    const user = (await page.locator(node('user')).boundingBox())!;
    expect(user.x).toBeGreaterThan(userBefore.x);
    expect(log.x + log.width).toBeLessThan(user.x);
    await screenshot(page, 'canvas-wiring-02-inserted');

    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator(node('log')).count()).toBe(0);
    await expect.poll(() => savedEdges(apiId)).toEqual(['n1:out→n2', 'n2:found→n3', 'n2:missing→n4']);
    expect(problems).toEqual([]);
  });

  it('adds a clicked palette node beside the selected one, inside the visible canvas', async () => {
    const { page, problems } = world;
    await open(getUser());
    await page.locator(`${node('notFound')} .step-node-icon`).click();
    await page.getByTestId('palette-transform').click();
    await page.locator(node('transform')).waitFor();
    await waitForCanvasAtRest(page);
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    const added = (await page.locator(node('transform')).boundingBox())!;
    expect(added.x).toBeGreaterThanOrEqual(canvas.x);
    expect(added.y).toBeGreaterThanOrEqual(canvas.y);
    expect(added.x + added.width).toBeLessThanOrEqual(canvas.x + canvas.width);
    expect(added.y + added.height).toBeLessThanOrEqual(canvas.y + canvas.height);
    expect(problems).toEqual([]);
  });
});
