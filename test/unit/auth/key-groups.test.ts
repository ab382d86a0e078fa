import { beforeEach, describe, expect, it } from 'vitest';
import { TokenCreate } from '../../../shared/model/token.js';
import type { Db } from '../../../server/workspace/db.js';
import { openWorkspace, type Workspace } from './setup.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await openWorkspace();
});

const token = async (): Promise<string> => (await ws.auth.tokens.create(TokenCreate.parse({ name: 't', environment: 'dev' }))).id;

const thrown = async (run: () => Promise<unknown>): Promise<unknown> => {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

/** An API row as the APIs service stores it, naming key groups in its draft and, optionally, a deployed version. */
function insertApi(db: Db, id: string, name: string, draftGroups: string[], deployedGroups?: string[]): void {
  const now = new Date().toISOString();
  const definition = (groups: string[]): string =>
    JSON.stringify({ name, method: 'GET', path: `/${id}`, auth: { required: true, keyGroupIds: groups, scopes: [] }, flow: { nodes: [], edges: [] } });
  db.prepare('INSERT INTO apis (id, name, method, path, definition, draft_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    id, name, 'GET', `/${id}`, definition(draftGroups), 'h', now, now,
  );
  if (deployedGroups) {
    db.prepare('INSERT INTO api_versions (api_id, version, definition, hash, created_at) VALUES (?, 1, ?, ?, ?)').run(id, definition(deployedGroups), 'h', now);
    db.prepare(`INSERT INTO deployments (environment, api_id, version, published_at) VALUES ('prod', ?, 1, ?)`).run(id, now);
  }
}

describe('key groups', () => {
  it('create, get, list, update and delete', async () => {
    const [a, b] = [await token(), await token()];
    const group = await ws.auth.keyGroups.create({ name: 'partners', description: 'external', tokenIds: [a, a] });
    expect(group).toMatchObject({ id: expect.stringMatching(/^kg_/), name: 'partners', description: 'external', tokenIds: [a], apiIds: [] });
    expect(await ws.auth.keyGroups.get(group.id)).toEqual(group);
    expect((await ws.auth.tokens.get(a)).groupIds).toEqual([group.id]);

    const updated = await ws.auth.keyGroups.update(group.id, { description: 'changed', tokenIds: [b] });
    expect(updated).toMatchObject({ name: 'partners', description: 'changed', tokenIds: [b] });
    expect(await ws.auth.keyGroups.update(group.id, { name: 'vendors' })).toMatchObject({ name: 'vendors', tokenIds: [b] });
    expect((await ws.auth.keyGroups.list()).map((listed) => listed.name)).toEqual(['vendors']);

    await ws.auth.keyGroups.delete(group.id);
    await expect(ws.auth.keyGroups.get(group.id)).rejects.toMatchObject({ status: 404 });
    expect((await ws.auth.tokens.get(b)).groupIds).toEqual([]);
  });

  it('refuses a taken name and unknown tokens', async () => {
    await ws.auth.keyGroups.create({ name: 'partners', description: '', tokenIds: [] });
    expect(await thrown(() => ws.auth.keyGroups.create({ name: 'Partners', description: '', tokenIds: [] }))).toMatchObject({ status: 409, code: 'key_group_name_taken' });
    expect(await thrown(() => ws.auth.keyGroups.create({ name: 'x', description: '', tokenIds: ['tok_nope'] }))).toMatchObject({
      status: 400,
      code: 'unknown_token',
      message: expect.stringContaining('tok_nope'),
    });
  });

  it('a deleted token leaves its groups', async () => {
    const id = await token();
    const group = await ws.auth.keyGroups.create({ name: 'g', description: '', tokenIds: [id] });
    await ws.auth.tokens.delete(id);
    expect((await ws.auth.keyGroups.get(group.id)).tokenIds).toEqual([]);
  });

  it('refuses to delete a group an API draft names, naming the API', async () => {
    const group = await ws.auth.keyGroups.create({ name: 'partners', description: '', tokenIds: [] });
    insertApi(ws.db, 'api_users', 'Get user', [group.id]);
    expect((await ws.auth.keyGroups.get(group.id)).apiIds).toEqual(['api_users']);
    expect((await ws.auth.keyGroups.list())[0]!.apiIds).toEqual(['api_users']);
    expect(await thrown(() => ws.auth.keyGroups.delete(group.id))).toMatchObject({
      status: 409,
      code: 'key_group_in_use',
      message: expect.stringContaining('"Get user" (api_users)'),
      details: { apis: [{ id: 'api_users', name: 'Get user' }] },
    });
  });

  it('refuses to delete a group only a deployed version still names', async () => {
    const group = await ws.auth.keyGroups.create({ name: 'partners', description: '', tokenIds: [] });
    insertApi(ws.db, 'api_orders', 'List orders', [], [group.id]);
    insertApi(ws.db, 'api_other', 'Other', []);
    expect(await thrown(() => ws.auth.keyGroups.delete(group.id))).toMatchObject({ status: 409, details: { apis: [{ id: 'api_orders', name: 'List orders' }] } });
    ws.db.prepare('DELETE FROM deployments').run();
    await ws.auth.keyGroups.delete(group.id);
    expect(await ws.auth.keyGroups.list()).toEqual([]);
  });
});
