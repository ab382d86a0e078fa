import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getUser } from '../fixtures/apis.js';
import { editorPerTest } from './support/workspace.js';

const world = editorPerTest({ viewport: { width: 1440, height: 900 }, screenshotPrefix: 'rename-step-' });

/** Makes Get user over the admin API, signs in and opens it; answers its id. */
async function openGetUser(page: Page): Promise<string> {
  const apiId = (await world.served.admin('POST', '/apis', getUser())).body.id as string;
  await world.signIn();
  await page.locator(`[data-testid="api-row"][data-api-id="${apiId}"] .api-row-main`).click();
  await page.getByTestId('node-user').waitFor();
  return apiId;
}

describe('the inspector: renaming a step, and folding the side panel', () => {
  it('carries the new key into the expressions that read the step, and saves it', async () => {
    const { page, served, problems } = world;
    const apiId = await openGetUser(page);
    await page.getByTestId('node-user').click();
    const key = page.getByTestId('node-key');
    await key.fill('');
    await key.pressSequentially('account');
    await expect.poll(() => page.locator('[data-testid="node-account"]').count()).toBe(1);
    await expect
      .poll(async () => {
        const saved = await served.admin('GET', `/apis/${apiId}`);
        return saved.body.flow.nodes.find((node: any) => node.id === 'n3').config.body;
      }, { timeout: 10_000 })
      .toBe('steps.account');
    await expect.poll(() => page.getByTestId('problems-pill').textContent()).toBe('No problems');
    expect(problems).toEqual([]);
  });

  it('folds the side panel to its rail for a wider canvas, and opens it from any panel icon', async () => {
    const { page, problems } = world;
    await openGetUser(page);
    const canvasWidth = async (): Promise<number> => (await page.locator('.react-flow').boundingBox())!.width;
    const before = await canvasWidth();
    await page.getByRole('button', { name: 'Fold the side panel' }).click();
    await expect.poll(() => page.getByRole('tabpanel', { name: 'Inspector' }).count()).toBe(0);
    await expect.poll(canvasWidth).toBeGreaterThan(before + 250);
    await page.getByRole('tab', { name: 'Tokens', exact: true }).click();
    await page.getByRole('tabpanel', { name: 'Tokens' }).waitFor();
    expect(problems).toEqual([]);
  });
});
