import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { getUser } from '../fixtures/apis.js';
import { centreOf, dragBetween, screenshot, waitForCanvasAtRest } from './support/browser.js';
import { editorPerTest } from './support/workspace.js';

const world = editorPerTest({ viewport: { width: 1280, height: 800 }, screenshotPrefix: 'canvas-forms-' });

/** Get user whose "missing" port leads nowhere: a flow the compiler refuses. */
const broken = getUser({ flow: { ...getUser().flow, edges: getUser().flow.edges.filter((edge) => edge.id !== 'e3') } });

async function open(apiId: string): Promise<void> {
  await world.page.locator(`[data-testid="api-row"][data-api-id="${apiId}"] .api-row-main`).click();
  await world.page.getByTestId('node-request').waitFor();
  await waitForCanvasAtRest(world.page);
}

async function create(definition: object): Promise<string> {
  const created = await world.served.admin('POST', '/apis', definition);
  expect(created.status).toBe(201);
  return created.body.id as string;
}

const servedVersion = async (apiId: string, environment: string): Promise<number | undefined> =>
  (await world.served.admin('GET', `/apis/${apiId}`)).body.deployments.find((deployment: { environment: string }) => deployment.environment === environment)?.version;

const tab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true });

describe('publishing, routes and key groups, checked where they are typed', () => {
  it('keeps “Publish to dev” off on a broken flow, saying why, and on once it is fixed', async () => {
    const { page, problems } = world;
    const apiId = await create(broken);
    await world.signIn();
    await open(apiId);
    await page.getByTestId('publish').click();
    const confirm = page.getByTestId('publish-confirm');
    await expect.poll(() => confirm.isDisabled()).toBe(true);
    expect(await page.getByTestId('publish-blocked-reason').getAttribute('title')).toBe('Fix the 2 problems first: a flow with errors cannot be published.');
    expect(await page.getByTestId('publish-blocked').textContent()).toContain('port "missing" is not connected');
    await screenshot(page, 'canvas-forms-01-publish-blocked');
    await page.keyboard.press('Escape');

    await expect.poll(() => page.getByTestId('publish-blocked').count()).toBe(0);
    await dragBetween(page, await centreOf(page, '[data-testid="node-user"] [data-port="missing"] .react-flow__handle'), await centreOf(page, '.react-flow__node:has([data-testid="node-notFound"]) .step-handle-in'), 15);
    await page.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
    await page.getByTestId('publish').click();
    await expect.poll(() => confirm.isDisabled()).toBe(false);
    await confirm.click();
    await page.getByTestId('publish-success').waitFor();
    expect(await servedVersion(apiId, 'dev')).toBe(1);
    expect(problems).toEqual([]);
  });

  it('asks before rolling an environment back to an older version', async () => {
    const { page, served, problems } = world;
    const apiId = await create(getUser());
    expect((await served.admin('POST', `/apis/${apiId}/publish`, { environment: 'dev' })).status).toBe(200);
    const current = await served.admin('GET', `/apis/${apiId}`);
    const etag = current.headers.get('etag');
    expect((await served.admin('PUT', `/apis/${apiId}`, { ...getUser(), description: 'v2' }, etag ? { 'if-match': etag } : {})).status).toBe(200);
    expect((await served.admin('POST', `/apis/${apiId}/publish`, { environment: 'dev' })).status).toBe(200);
    expect(await servedVersion(apiId, 'dev')).toBe(2);
    await world.signIn();
    await open(apiId);
    await page.getByTestId('publish').click();
    await page.getByTestId('serve-dev-v1').click();
    const ask = page.getByRole('dialog', { name: 'Roll back dev to v1?' });
    await ask.waitFor();
    expect(await ask.textContent()).toContain('dev serves v2 now');
    await screenshot(page, 'canvas-forms-02-rollback-asks');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => ask.count()).toBe(0);
    expect(await servedVersion(apiId, 'dev')).toBe(2);

    await page.getByTestId('serve-dev-v1').click();
    await ask.getByRole('button', { name: 'Roll back dev' }).click();
    await expect.poll(() => servedVersion(apiId, 'dev')).toBe(1);
    // The Publish dialog under the question stayed open and published nothing.
    await page.getByTestId('versions').waitFor();
    expect((await served.admin('GET', `/apis/${apiId}/versions`)).body).toHaveLength(2);
    expect(problems).toEqual([]);
  });

  it('refuses a method and path another API has as soon as it is typed in the endpoint form', async () => {
    const { page, problems } = world;
    await create(getUser());
    const listId = await create({ ...getUser(), name: 'Find user', path: '/people/:id' });
    await world.signIn();
    await open(listId);
    await page.getByTestId('node-request').click();
    const path = page.getByTestId('endpoint-path');
    await path.fill('/users/:userId');
    const clash = page.getByTestId('route-clash');
    await expect.poll(() => clash.textContent()).toBe('“Get user” already answers GET /users/:id: two APIs cannot share a method and path. Change the path or the method.');
    await screenshot(page, 'canvas-forms-03-route-clash');
    await page.getByRole('combobox', { name: 'Method' }).selectOption('DELETE');
    await expect.poll(() => clash.count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('puts a token into key groups from its create and edit dialogs', async () => {
    const { page, served, problems } = world;
    const partners = (await served.admin('POST', '/key-groups', { name: 'Partners', description: '', tokenIds: [] })).body;
    const internal = (await served.admin('POST', '/key-groups', { name: 'Internal', description: '', tokenIds: [] })).body;
    await world.signIn();
    await tab(page, 'Tokens').click();
    await page.getByTestId('create-token').first().click();
    await page.getByTestId('token-name').fill('partner-acme');
    await page.getByTestId('token-groups').getByRole('checkbox', { name: 'Partners' }).check();
    await screenshot(page, 'canvas-forms-04-token-key-groups');
    await page.getByTestId('token-submit').click();
    await page.getByTestId('issued-token').waitFor();
    const members = async (groupId: string): Promise<string[]> => (await served.admin('GET', `/key-groups/${groupId}`)).body.tokenIds;
    const tokenId = (await served.admin('GET', '/tokens')).body.find((token: { name: string }) => token.name === 'partner-acme').id as string;
    expect(await members(partners.id)).toEqual([tokenId]);
    await page.getByTestId('token-done').click();
    await page.getByTestId('token-confirm-close').click();

    await page.getByRole('button', { name: 'Edit partner-acme' }).click();
    const groups = page.getByTestId('token-groups');
    expect(await groups.getByRole('checkbox', { name: 'Partners' }).isChecked()).toBe(true);
    await groups.getByRole('checkbox', { name: 'Partners' }).uncheck();
    await groups.getByRole('checkbox', { name: 'Internal' }).check();
    await page.getByTestId('token-submit').click();
    // The dialog writes each changed group in turn, in the panel's order: wait for both.
    await expect.poll(() => members(internal.id)).toEqual([tokenId]);
    await expect.poll(() => members(partners.id)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
