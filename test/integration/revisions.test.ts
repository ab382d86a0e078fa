import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, startTestServerOn } from '../support/engines.js';
import type { TestServer } from '../support/test-server.js';
import { call, createToken, guarded, publish } from '../support/tokens.js';

/**
 * DESIGN.md "Editable objects carry a revision": reads answer ETag (lists carry the revision of each
 * item), writes need If-Match (428 without, 412 with the current object when stale), over real HTTP.
 */

const ifMatch = (revision: number | string): Record<string, string> => ({ 'if-match': typeof revision === 'number' ? `"${revision}"` : revision });

const getUser = (description = '') => ({
  name: 'Get user',
  description,
  method: 'GET',
  path: `/users-${Math.random().toString(36).slice(2, 8)}/:id`,
  flow: {
    nodes: [
      { id: 'n1', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 'n2', type: 'respond', key: 'ok', position: { x: 240, y: 0 }, config: { status: 202, body: 'request.params' } },
    ],
    edges: [{ id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' }],
  },
});

describe.each(ENGINES)('revisions on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServerOn(engine);
  });
  afterAll(() => server.close());

  describe('APIs: the draft carries a revision', () => {
    it('answers it as ETag on reads, in every item of the list, and raises it with each save', async () => {
      const created = await server.admin('POST', '/apis', getUser());
      expect(created.status).toBe(201);
      expect(created.body.revision).toBe(1);
      const id = created.body.id as string;

      const read = await server.admin('GET', `/apis/${id}`);
      expect(read.headers.get('etag')).toBe('"1"');
      expect((await server.admin('GET', '/apis')).body.find((api: { id: string }) => api.id === id)).toMatchObject({ revision: 1 });

      const saved = await server.admin('PUT', `/apis/${id}`, getUser('first'), ifMatch(1));
      expect(saved).toMatchObject({ status: 200, body: { revision: 2, description: 'first' } });
      expect(saved.headers.get('etag')).toBe('"2"');
      const again = await server.admin('PUT', `/apis/${id}`, getUser('second'), ifMatch('2'));
      expect(again.body.revision).toBe(3);
      expect((await server.admin('GET', `/apis/${id}`)).headers.get('etag')).toBe('"3"');

      // Publishing freezes the draft; it does not change it.
      expect((await server.admin('POST', `/apis/${id}/publish`, { environment: 'dev' })).status).toBe(200);
      expect((await server.admin('GET', `/apis/${id}`)).body.revision).toBe(3);
    });

    it('refuses a save without If-Match (428) and one based on an older revision (412, with the current API), storing nothing', async () => {
      const id = (await server.admin('POST', '/apis', getUser())).body.id as string;
      const missing = await server.admin('PUT', `/apis/${id}`, getUser('no header'));
      expect(missing).toMatchObject({ status: 428, body: { error: { code: 'revision_required', requestId: expect.stringMatching(/^req_/) } } });
      expect(missing.body.error.message).toContain('If-Match');

      // Window A saves; window B, still on revision 1, saves after it.
      expect((await server.admin('PUT', `/apis/${id}`, getUser('from window A'), ifMatch(1))).status).toBe(200);
      const stale = await server.admin('PUT', `/apis/${id}`, getUser('from window B'), ifMatch(1));
      expect(stale.status).toBe(412);
      expect(stale.body.error).toMatchObject({ code: 'revision_conflict', details: { revision: 2, current: { id, revision: 2, description: 'from window A' } } });
      expect(stale.body.error.message).toMatch(/changed elsewhere .*revision 2, you sent 1/);
      expect(stale.headers.get('etag')).toBe('"2"');
      expect((await server.admin('GET', `/apis/${id}`)).body).toMatchObject({ revision: 2, description: 'from window A' });

      // Keep mine: the same save on the revision the conflict named.
      expect(await server.admin('PUT', `/apis/${id}`, getUser('from window B'), ifMatch(stale.body.error.details.revision))).toMatchObject({
        status: 200, body: { revision: 3, description: 'from window B' },
      });
    });

    it('checks the body first, and refuses an If-Match that names no single revision', async () => {
      const id = (await server.admin('POST', '/apis', getUser())).body.id as string;
      expect((await server.admin('PUT', `/apis/${id}`, { name: '' })).body.error.code).toBe('invalid_input');
      for (const header of ['*', 'W/"1"', '"1", "2"', 'one']) {
        expect(await server.admin('PUT', `/apis/${id}`, getUser(), ifMatch(header))).toMatchObject({ status: 400, body: { error: { code: 'invalid_if_match' } } });
      }
      expect((await server.admin('PUT', `/apis/${id}`, getUser('bare number'), { 'if-match': '1' })).body.revision).toBe(2);
      expect((await server.admin('PUT', '/apis/api_missing', getUser(), ifMatch(1))).status).toBe(404);
    });
  });

  describe('environments', () => {
    it('carry a revision: ETag, the list, 428 and 412 with the current environment', async () => {
      expect((await server.admin('POST', '/environments', { name: 'staging' })).body.revision).toBe(1);
      const read = await server.admin('GET', '/environments/staging');
      expect(read.headers.get('etag')).toBe('"1"');
      expect((await server.admin('GET', '/environments')).body.every((env: { revision: unknown }) => typeof env.revision === 'number')).toBe(true);

      expect((await server.admin('PUT', '/environments/staging', { vars: { region: 'eu' } })).status).toBe(428);
      expect(await server.admin('PUT', '/environments/staging', { vars: { region: 'eu' } }, ifMatch(1))).toMatchObject({ status: 200, body: { revision: 2, vars: { region: 'eu' } } });
      const stale = await server.admin('PUT', '/environments/staging', { description: 'old view' }, ifMatch(1));
      expect(stale.status).toBe(412);
      expect(stale.body.error.details).toMatchObject({ revision: 2, current: { name: 'staging', vars: { region: 'eu' }, revision: 2 } });
      expect((await server.admin('GET', '/environments/staging')).body.description).toBe('');
    });
  });

  describe('tokens: the revision of their settings', () => {
    it('rises with PATCH, revoke and roll, not with use; PATCH needs If-Match', async () => {
      const issued = await createToken(server, { name: 'billing' });
      expect(issued.body.revision).toBe(1);
      const path = `/tokens/${issued.id}`;
      expect((await server.admin('GET', path)).headers.get('etag')).toBe('"1"');

      const apiId = await publish(server, guarded('/revisioned'));
      expect((await call(`${server.runtimeUrl}/dev/revisioned`, { token: issued.token })).status).toBe(200);
      expect((await server.admin('GET', path)).body).toMatchObject({ revision: 1, useCount: 1 });

      expect((await server.admin('PATCH', path, { name: 'billing-v2' })).status).toBe(428);
      expect(await server.admin('PATCH', path, { name: 'billing-v2' }, ifMatch(1))).toMatchObject({ status: 200, body: { name: 'billing-v2', revision: 2 } });
      const stale = await server.admin('PATCH', path, { scopes: ['users:read'] }, ifMatch(1));
      expect(stale.body.error).toMatchObject({ code: 'revision_conflict', details: { revision: 2, current: { id: issued.id, name: 'billing-v2' } } });
      expect((await server.admin('GET', path)).body.scopes).toEqual([]);

      expect((await server.admin('POST', `${path}/roll`, { graceSeconds: 60 })).status).toBe(201);
      expect((await server.admin('GET', path)).body.revision).toBe(3);
      expect((await server.admin('POST', `${path}/revoke`)).body.revision).toBe(4);
      expect((await server.admin('GET', '/tokens')).body.find((token: { id: string }) => token.id === issued.id).revision).toBe(4);
      expect((await server.admin('DELETE', `/apis/${apiId}`)).status).toBe(204);
    });
  });

  describe('key groups', () => {
    it('carry a revision raised by their own changes and by changes of their members (roll, delete)', async () => {
      const member = await createToken(server, { name: 'member' });
      const created = await server.admin('POST', '/key-groups', { name: 'partners', tokenIds: [member.id] });
      const path = `/key-groups/${created.body.id}`;
      expect(created.body.revision).toBe(1);
      expect((await server.admin('GET', path)).headers.get('etag')).toBe('"1"');

      expect((await server.admin('PUT', path, { description: 'who pays' })).status).toBe(428);
      expect((await server.admin('PUT', path, { description: 'who pays' }, ifMatch(1))).body.revision).toBe(2);

      // A roll adds the replacement to the group: a window that read the members before must not drop it.
      const rolled = await server.admin('POST', `/tokens/${member.id}/roll`, { graceSeconds: 60 });
      const afterRoll = await server.admin('GET', path);
      expect(afterRoll.body).toMatchObject({ revision: 3, tokenIds: expect.arrayContaining([member.id, rolled.body.id]) });
      const stale = await server.admin('PUT', path, { tokenIds: [member.id] }, ifMatch(2));
      expect(stale.body.error).toMatchObject({ code: 'revision_conflict', details: { revision: 3, current: { tokenIds: expect.arrayContaining([rolled.body.id]) } } });

      expect((await server.admin('DELETE', `/tokens/${member.id}`)).status).toBe(204);
      expect((await server.admin('GET', path)).body).toMatchObject({ revision: 4, tokenIds: [rolled.body.id] });
      expect((await server.admin('GET', '/key-groups')).body.find((group: { id: string }) => group.id === created.body.id).revision).toBe(4);
    });
  });

  describe('a workspace import that replaces an API', () => {
    it('raises its revision, so a window still showing the old draft cannot silently save over the import', async () => {
      const id = (await server.admin('POST', '/apis', getUser())).body.id as string;
      const file = (await server.admin('GET', `/apis/${id}/export`)).body;
      file.apis[0].description = 'imported';
      const imported = await server.admin('POST', '/workspace/import', { file, onConflict: 'replace' });
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
      expect((await server.admin('GET', `/apis/${id}`)).body).toMatchObject({ revision: 2, description: 'imported' });
      expect((await server.admin('PUT', `/apis/${id}`, getUser('old window'), ifMatch(1))).status).toBe(412);
    });
  });
});
