import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, echo, getUser } from '../fixtures/apis.js';
import { getJson } from '../support/http.js';
import { ENGINES, startTestServerOn } from '../support/engines.js';
import type { TestServer } from '../support/test-server.js';
import { edit } from '../support/revisions.js';

const partnerReport = (keyGroupId: string) =>
  echo('/reports', '{"for": token.name, "greeting": env.vars.greeting}', {
    name: 'Partner report',
    auth: { required: true, keyGroupIds: [keyGroupId], scopes: ['reports:read'] },
    rateLimit: { requests: 100, perSeconds: 60 },
  });

/** A draft with an unconnected port: drafts may have problems, and still travel. */
const unfinished = {
  name: 'Unfinished',
  method: 'GET',
  path: '/unfinished',
  flow: { nodes: [{ id: 'r', type: 'request', key: 'request', config: {} }, { id: 'c', type: 'condition', key: 'check', config: { expression: 'true' } }], edges: [{ id: 'e', source: 'r', target: 'c' }] },
};

/** What a client sees from each published API: status and body, request ids left out. */
async function answers(server: TestServer, token: string): Promise<unknown[]> {
  const call = async (path: string, init: RequestInit = {}) => {
    const { status, body } = await getJson(`${server.runtimeUrl}${path}`, init);
    if (body?.error) delete body.error.requestId;
    if (body?.id) body.id = '(generated)';
    return { path, status, body };
  };
  const json = { 'content-type': 'application/json' };
  return [
    await call('/dev/users/42'),
    await call('/dev/users', { method: 'POST', headers: json, body: JSON.stringify({ name: 'Ada', email: 'ada@example.com' }) }),
    await call('/prod/users', { method: 'POST', headers: json, body: JSON.stringify({ name: '' }) }),
    await call('/dev/reports'),
    await call('/dev/reports', { headers: { authorization: `Bearer ${token}` } }),
    await call('/dev/unfinished'),
  ];
}

async function partnerToken(server: TestServer, groupName: string): Promise<string> {
  const groups = (await server.admin('GET', '/key-groups')).body as any[];
  const group = groups.find((candidate) => candidate.name === groupName);
  const issued = await server.admin('POST', '/tokens', { name: 'acme', environment: 'dev', scopes: ['reports:read'] });
  expect(issued.status).toBe(201);
  expect((await edit(server, 'PUT', `/key-groups/${group.id}`, { tokenIds: [issued.body.id] })).status).toBe(200);
  return issued.body.token as string;
}

const summary = (apis: any[]) =>
  apis.map((api) => ({ name: api.name, route: `${api.method} ${api.path}`, deployments: api.deployments.map((d: any) => `${d.environment}@v${d.version}:${d.draftChanged}`) }));

describe.each(ENGINES)('workspace export and import (%s)', (engine) => {
  let source: TestServer;
  let target: TestServer;
  let file: any;

  beforeAll(async () => {
    [source, target] = await Promise.all([startTestServerOn(engine), startTestServerOn(engine)]);
    await edit(source, 'PUT', '/environments/dev', { vars: { greeting: 'hello from dev' } });
    expect((await source.admin('POST', '/environments', { name: 'staging', description: 'QA', vars: { greeting: 'hi' } })).status).toBe(201);
    const group = (await source.admin('POST', '/key-groups', { name: 'partners', description: 'Paying partners' })).body;
    for (const [definition, environments] of [[getUser(), ['dev']], [createUser(), ['dev', 'prod']], [partnerReport(group.id), ['dev']]] as const) {
      const created = await source.admin('POST', '/apis', definition);
      for (const environment of environments) expect((await source.admin('POST', `/apis/${created.body.id}/publish`, { environment })).status).toBe(200);
    }
    // A newer draft of Get user than the version dev serves.
    const getUserId = (await source.admin('GET', '/apis')).body[0].id;
    await edit(source, 'PUT', `/apis/${getUserId}`, getUser({ description: 'Reads one user' }));
    await source.admin('POST', '/apis', unfinished);
    const exported = await source.admin('GET', '/workspace/export');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename="flowgate-workspace-\d{4}-\d\d-\d\d\.json"$/);
    file = exported.body;
  });
  afterAll(async () => {
    await Promise.all([source?.close(), target?.close()]);
  });

  it('exports Flow JSON, deployed versions, environments and key groups, and no tokens or keys', () => {
    expect(file).toMatchObject({ format: 'flowgate-workspace', version: 1, exportedAt: expect.any(String) });
    expect(file.note).toContain('Tokens and signing keys are never exported');
    expect(file.apis.map((api: any) => api.name)).toEqual(['Get user', 'Create user', 'Partner report', 'Unfinished']);
    expect(file.apis[0]).toMatchObject({ description: 'Reads one user', deployments: [{ environment: 'dev', version: 1 }] });
    expect(file.apis[0].versions.map((v: any) => [v.version, v.definition.description])).toEqual([[1, '']]);
    expect(file.apis[3].versions).toEqual([]);
    expect(file.environments.find((env: any) => env.name === 'staging')).toEqual({
      name: 'staging', description: 'QA', vars: { greeting: 'hi' }, secrets: {}, outbound: { allowPrivate: false, allowHosts: [] },
    });
    expect(file.keyGroups).toEqual([{ id: expect.any(String), name: 'partners', description: 'Paying partners' }]);
    expect(JSON.stringify(file)).not.toMatch(/eyJ|PRIVATE KEY|tokenIds/);
  });

  it('imports into an empty workspace after a dry run, and answers the same', async () => {
    const before = (await target.admin('GET', '/apis')).body;
    const plan = await target.admin('POST', '/workspace/import', { file, dryRun: true });
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ dryRun: true, ok: true, conflicts: [], blocking: [] });
    expect(plan.body.counts).toMatchObject({ create: 6, keep: 1, merge: 1 });
    expect(plan.body.items.find((item: any) => item.name === 'dev')).toMatchObject({ action: 'merge', notes: ['adds greeting'] });
    expect(plan.body.items.find((item: any) => item.name === 'Create user').deploys).toEqual(['dev@v1', 'prod@v1']);
    expect(plan.body.items.find((item: any) => item.name === 'Unfinished').notes[0]).toMatch(/draft has 2 problems/);
    expect((await target.admin('GET', '/apis')).body).toEqual(before);

    const applied = await target.admin('POST', '/workspace/import', { file });
    expect(applied.status).toBe(200);
    expect(applied.body.items.filter((item: any) => item.kind === 'api').every((item: any) => item.id?.startsWith('api_'))).toBe(true);
    expect(summary((await target.admin('GET', '/apis')).body)).toEqual(summary((await source.admin('GET', '/apis')).body));
    expect((await target.admin('GET', '/environments')).body.find((env: any) => env.name === 'dev').vars).toEqual({ greeting: 'hello from dev' });

    const [sourceToken, targetToken] = await Promise.all([partnerToken(source, 'partners'), partnerToken(target, 'partners')]);
    const expected = await answers(source, sourceToken);
    expect(await answers(target, targetToken)).toEqual(expected);
    expect(expected[4]).toMatchObject({ status: 200, body: { for: 'acme', greeting: 'hello from dev' } });

    // Publishing the imported draft works, as it would have at the source.
    const getUserId = applied.body.items.find((item: any) => item.name === 'Get user').id;
    expect((await target.admin('POST', `/apis/${getUserId}/publish`, { environment: 'dev' })).body.version).toBe(2);
    const sourceDocs = (await source.admin('GET', '/openapi.json?environment=prod')).body;
    const targetDocs = (await target.admin('GET', '/openapi.json?environment=prod')).body;
    expect(Object.keys(targetDocs.paths)).toEqual(Object.keys(sourceDocs.paths));
    await expect(SwaggerParser.validate(structuredClone(targetDocs))).resolves.toBeTruthy();
  });

  it('exports one API with the environments and key groups it needs', async () => {
    const report = (await source.admin('GET', '/apis')).body.find((api: any) => api.name === 'Partner report');
    const one = await source.admin('GET', `/apis/${report.id}/export`);
    expect(one.headers.get('content-disposition')).toContain('flowgate-api-partner-report-');
    expect(one.body.apis.map((api: any) => api.name)).toEqual(['Partner report']);
    expect(one.body.environments.map((env: any) => env.name)).toEqual(['dev']);
    expect(one.body.keyGroups.map((group: any) => group.name)).toEqual(['partners']);
    expect((await source.admin('GET', '/apis/api_nope/export')).status).toBe(404);
  });

  describe('conflicts', () => {
    let conflicted: TestServer;
    const apis = async () => (await conflicted.admin('GET', '/apis')).body;

    beforeAll(async () => {
      conflicted = await startTestServerOn(engine);
      expect((await conflicted.admin('POST', '/workspace/import', { file })).status).toBe(200);
      await conflicted.admin('POST', '/environments', { name: 'staging', description: 'QA' }).catch(() => undefined);
    });
    afterAll(async () => {
      await conflicted?.close();
    });

    it('reports each clash in a dry run, and skip leaves everything as it was', async () => {
      const before = await apis();
      const plan = await conflicted.admin('POST', '/workspace/import', { file, dryRun: true, onConflict: 'skip' });
      expect(plan.body.conflicts.map((c: any) => `${c.kind}:${c.name}:${c.action}`)).toEqual([
        'keyGroup:partners:skip', 'api:Get user:skip', 'api:Create user:skip', 'api:Partner report:skip', 'api:Unfinished:skip',
      ]);
      expect(plan.body.conflicts[1].reason).toContain('already answers GET /users/:id');
      const skipped = await conflicted.admin('POST', '/workspace/import', { file, onConflict: 'skip' });
      expect(skipped.body.counts).toMatchObject({ skip: 5, create: 0 });
      expect(await apis()).toEqual(before);
    });

    it('renames: new APIs beside the old, not deployed where the old one serves the route', async () => {
      const renamed = await conflicted.admin('POST', '/workspace/import', { file, onConflict: 'rename', resolutions: { [`api:${file.apis[3].id}`]: 'skip' } });
      expect(renamed.status).toBe(200);
      const item = renamed.body.items.find((i: any) => i.name === 'Create user');
      expect(item).toMatchObject({ action: 'rename', newName: 'Create user (2)', deploys: [] });
      expect(item.notes).toContain('not deployed to "dev": "Create user" serves POST /users there');
      expect(renamed.body.items.find((i: any) => i.kind === 'keyGroup')).toMatchObject({ action: 'rename', newName: 'partners (2)' });
      expect((await apis()).map((api: any) => api.name)).toEqual([
        'Get user', 'Create user', 'Partner report', 'Unfinished', 'Get user (2)', 'Create user (2)', 'Partner report (2)',
      ]);
      const report = (await apis()).find((api: any) => api.name === 'Partner report (2)');
      const groups = (await conflicted.admin('GET', '/key-groups')).body;
      expect(report.auth.keyGroupIds).toEqual([groups.find((g: any) => g.name === 'partners (2)').id]);
    });

    it('replaces: same ids, the file’s versions appended after the old ones, deployed as the file says', async () => {
      const createUserId = (await apis()).find((api: any) => api.name === 'Create user').id;
      await conflicted.admin('POST', `/apis/${createUserId}/publish`, { environment: 'staging' });
      const only = { ...file, apis: [file.apis[1]] };
      const replaced = await conflicted.admin('POST', '/workspace/import', { file: only, onConflict: 'replace' });
      expect(replaced.status).toBe(200);
      expect(replaced.body.items.find((i: any) => i.kind === 'api')).toMatchObject({ action: 'replace', existingId: createUserId, id: createUserId });
      const after = await conflicted.admin('GET', `/apis/${createUserId}`);
      expect(after.body.deployments.map((d: any) => `${d.environment}@v${d.version}`)).toEqual(['dev@v2', 'prod@v2']);
      expect((await conflicted.admin('GET', `/apis/${createUserId}/versions`)).body.map((v: any) => v.version)).toEqual([2, 1]);
      expect((await getJson(`${conflicted.runtimeUrl}/staging/users`, { method: 'POST' })).status).toBe(404);
    });
  });
});
