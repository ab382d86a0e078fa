import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { apiRoutes } from '../../../shared/api/apis.js';
import { logRoutes } from '../../../shared/api/logs.js';
import type { ApiRecord } from '../../../shared/model/api.js';
import { admin, onUnauthorized, routeUrl } from '../../../renderer/api/client.js';
import { AdminApiError, unlessMissing } from '../../../renderer/api/errors.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
afterEach(() => vi.unstubAllGlobals());

/** The editor as Electron runs it: the preload hands it the admin URL and key. */
const asDesktop = (adminKey = server.adminKey): void => void vi.stubGlobal('window', { flowgate: { adminUrl: server.adminUrl, adminKey } });

describe('routeUrl', () => {
  it('fills in path parameters, encoded', () => {
    expect(routeUrl(apiRoutes.publish, { params: { id: 'api/1 2' } })).toBe('/apis/api%2F1%202/publish');
  });
  it('appends the query, leaving out empty filters and repeating lists', () => {
    expect(routeUrl(logRoutes.list, { query: { api: 'a&b', token: '', status: undefined, limit: 5 } })).toBe('/logs?api=a%26b&limit=5');
    expect(routeUrl(logRoutes.list, { query: { api: ['x', 'y'] } })).toBe('/logs?api=x&api=y');
  });
  it('refuses a missing path parameter by name', () => {
    expect(() => routeUrl(apiRoutes.get, {})).toThrow('GET /apis/:id needs the path parameter "id"');
  });
});

describe('the generated admin client against the real server', () => {
  it('creates, validates, lists and deletes an API with typed calls', async () => {
    asDesktop();
    expect(await admin.session.get()).toEqual({ signedIn: true, runtimeUrl: server.runtimeUrl });
    const created = await admin.apis.create({ body: { name: 'Get user', method: 'GET', path: '/users/:id' } });
    expect(created).toMatchObject({ id: expect.any(String), name: 'Get user', flow: { nodes: [expect.objectContaining({ type: 'request' })] } });
    expect(await admin.apis.validate({ params: { id: created.id }, body: {} })).toMatchObject({ ok: false, problems: expect.any(Array) });
    expect((await admin.apis.list()).map((api) => api.id)).toContain(created.id);
    expect(await admin.apis.delete({ params: { id: created.id } })).toBeUndefined();
    await expect(admin.apis.get({ params: { id: created.id } })).rejects.toMatchObject({ status: 404, code: 'not_found', requestId: expect.stringMatching(/^req_/) });
  });

  it('sends the query and reads each answer as declared', async () => {
    asDesktop();
    const issued = await admin.tokens.create({ body: { name: 'billing-service', environment: 'dev' } });
    expect(issued.token).toMatch(/^ey/);
    expect((await admin.tokens.list({ query: { environment: 'dev' } })).map((token) => token.id)).toContain(issued.id);
    expect(await admin.tokens.list({ query: { environment: 'prod' } })).toEqual([]);
    expect(await admin.openapi.document({ query: { environment: 'dev' } })).toMatchObject({ openapi: expect.stringMatching(/^3\.1/), paths: {} });
  });

  it('sends the revision a write is based on as If-Match, and reads a stale one as a 412 with the current object', async () => {
    asDesktop();
    const created = await admin.apis.create({ body: { name: 'Revisioned', method: 'GET', path: '/revisioned' } });
    const { id, createdAt: _c, updatedAt: _u, latestVersion: _l, deployments: _d, revision, ...definition } = created;
    const saved = await admin.apis.save({ params: { id }, body: { ...definition, description: 'mine' }, revision });
    expect(saved.revision).toBe(revision + 1);
    const stale = await admin.apis.save({ params: { id }, body: { ...definition, description: 'stale' }, revision }).catch((failure: unknown) => failure);
    expect(stale).toBeInstanceOf(AdminApiError);
    expect(stale).toMatchObject({ status: 412, code: 'revision_conflict', details: { revision: saved.revision, current: { description: 'mine' } } });
  });

  it('turns a 404 into null where asked, and other failures into AdminApiError', async () => {
    asDesktop();
    expect(await unlessMissing(admin.traces.get({ params: { requestId: 'req_long_gone' } }))).toBeNull();
    const refused = await admin.apis.publish({ params: { id: 'nope' }, body: { environment: 'Not A Name' } }).catch((failure: unknown) => failure);
    expect(refused).toBeInstanceOf(AdminApiError);
    expect(refused).toMatchObject({ status: 400, code: 'invalid_input', message: expect.stringContaining('environment') });
  });

  it('reports an ended session on a 401, except for the routes answered without signing in', async () => {
    asDesktop('not-the-admin-key');
    const ended = vi.fn();
    const stop = onUnauthorized(ended);
    try {
      expect(await admin.session.get()).toEqual({ signedIn: false });
      await expect(admin.session.signIn({ body: { key: 'not-the-admin-key' } })).rejects.toMatchObject({ status: 401 });
      expect(ended).not.toHaveBeenCalled();
      await expect(admin.apis.list()).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
      expect(ended).toHaveBeenCalledTimes(1);
    } finally {
      stop();
    }
  });
});

/** Never run: tsc (npm run typecheck) checks that each call is typed by its route's declaration. */
function typedByTheContract(): void {
  expectTypeOf(admin.apis.get).returns.resolves.toEqualTypeOf<ApiRecord>();
  expectTypeOf(admin.apis.delete).returns.resolves.toEqualTypeOf<void>();
  // @ts-expect-error a route with path parameters needs them
  void admin.apis.get();
  // @ts-expect-error the body is checked against the route's schema
  void admin.apis.publish({ params: { id: 'a' }, body: { environment: 1 } });
  // @ts-expect-error a route without a body takes none
  void admin.apis.get({ params: { id: 'a' }, body: {} });
  // @ts-expect-error a route's params are the ones its path names
  void admin.apis.get({ params: { apiId: 'a' } });
  // @ts-expect-error a write of an editable object names the revision it is based on
  void admin.environments.update({ params: { name: 'dev' }, body: {} });
}

describe('the client types', () => {
  it('are checked by tsc, not at run time', () => {
    expect(typedByTheContract).toBeTypeOf('function');
  });
});
