import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getUser } from '../fixtures/apis.js';
import { serve, type Served } from '../support/serve.js';
import { launchChromium, watchConsole } from './support/browser.js';

describe('renaming a step in the inspector', () => {
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
});
