import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** GET /regions/:code/users/:id whose answer shows how the flow read its inputs. */
const lookup = {
  name: 'Look up',
  method: 'GET',
  path: '/regions/:code/users/:id',
  params: [
    { name: 'id', type: 'integer', min: 1 },
    { name: 'code', type: 'string', enum: ['eu', 'us'] },
  ],
  query: [{ name: 'limit', type: 'integer', min: 1, max: 100, default: 20 }],
  flow: {
    nodes: [
      { id: 'r', type: 'request', key: 'request', config: {} },
      { id: 'ok', type: 'respond', key: 'ok', config: { status: 200, body: '{"id": request.params.id, "idType": $type(request.params.id), "code": request.params.code, "limit": request.query.limit}' } },
    ],
    edges: [{ id: 'e1', source: 'r', target: 'ok' }],
  },
};

describe('declared inputs at the runtime and in Draft runs', () => {
  let server: TestServer;
  let apiId: string;
  beforeAll(async () => {
    server = await startTestServer();
    const created = await server.admin('POST', '/apis', lookup);
    expect(created.status).toBe(201);
    apiId = created.body.id as string;
    expect((await server.admin('POST', `/apis/${apiId}/publish`, { environment: 'dev' })).status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reads a declared path parameter as its type, and refuses one that does not fit, naming it', async () => {
    const ok = await getJson(`${server.runtimeUrl}/dev/regions/eu/users/42?limit=5`);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ id: 42, idType: 'number', code: 'eu', limit: 5 });
    const wrongType = await getJson(`${server.runtimeUrl}/dev/regions/eu/users/abc`);
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error).toMatchObject({ code: 'invalid_path_param', message: 'the path parameter "id" must be an integer, not "abc"' });
    const outside = await getJson(`${server.runtimeUrl}/dev/regions/asia/users/0`);
    expect(outside.body.error.message).toBe('the path parameter "code" must be one of "eu", "us", not "asia"; the path parameter "id" must be >= 1, not "0"');
    const tooMany = await getJson(`${server.runtimeUrl}/dev/regions/us/users/1?limit=500`);
    expect(tooMany.body.error).toMatchObject({ code: 'invalid_query', message: 'the query parameter "limit" must be <= 100, not "500"' });
  });

  it('does the same in a Draft run', async () => {
    const run = await server.admin('POST', `/apis/${apiId}/test-run`, { environment: 'dev', request: { params: { code: 'us', id: '7' } } });
    expect(run.status).toBe(200);
    expect(run.body.response).toMatchObject({ status: 200, body: { id: 7, idType: 'number', code: 'us', limit: 20 } });
    const refused = await server.admin('POST', `/apis/${apiId}/test-run`, { environment: 'dev', request: { params: { code: 'us', id: 'x' } } });
    expect(refused.body.response).toMatchObject({ status: 400, body: { error: { code: 'invalid_path_param' } } });
  });
});
