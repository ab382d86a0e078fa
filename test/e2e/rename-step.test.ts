import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getUser } from '../fixtures/apis.js';
import { serve, type Served } from '../support/serve.js';
import { launchChromium, watchConsole } from './support/browser.js';

describe('the inspector: renaming a step, and folding the side panel', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let apiId: string;

  beforeAll(async () => {
    [served, browser] = await Promise.all([serve(), launchChromium()]);
    apiId = (await served.admin('POST', '/apis', getUser())).body.id;
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    problems = watchConsole(page).problems;
    await page.goto(served.loginUrl);
    await page.getByText('Get user').first().click();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('carries the new key into the expressions that read the step, and saves it', async () => {
    await page.locator('[data-testid="node-user"]').click();
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
    const canvasWidth = async (): Promise<number> => (await page.locator('.react-flow').boundingBox())!.width;
    const before = await canvasWidth();
    await page.getByRole('button', { name: 'Fold the side panel' }).click();
    await expect.poll(() => page.getByRole('tabpanel', { name: 'Inspector' }).count()).toBe(0);
    expect(await canvasWidth()).toBeGreaterThan(before + 250);
    await page.getByRole('tab', { name: 'Tokens', exact: true }).click();
    await page.getByRole('tabpanel', { name: 'Tokens' }).waitFor();
    expect(problems).toEqual([]);
  });
});
