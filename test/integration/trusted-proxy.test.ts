import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echo } from '../fixtures/apis.js';
import { rawRequest } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('behind a trusted proxy, and who the log names', () => {
  let server: TestServer;
  let token: string;
  let tokenId: string;

  beforeAll(async () => {
    server = await startTestServer({ trustedProxies: ['127.0.0.1/32'] });
    const api = await server.admin('POST', '/apis', echo('/office', '{"ip": request.ip}', { auth: { required: true, keyGroupIds: [], scopes: [] } }));
    await server.admin('POST', `/apis/${api.body.id}/publish`, { environment: 'dev' });
    const created = await server.admin('POST', '/tokens', { name: 'office', environment: 'dev', scopes: [], ipAllowlist: ['10.0.0.0/8'] });
    token = created.body.token;
    tokenId = created.body.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('takes the client address from X-Forwarded-For sent by the trusted proxy', async () => {
    const answer = await rawRequest(`${server.runtimeUrl}/dev/office`, { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '10.1.2.3' } });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ ip: '10.1.2.3' });
  });

  it('cannot be fooled by an address the caller prepends itself', async () => {
    const answer = await rawRequest(`${server.runtimeUrl}/dev/office`, {
      headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '10.1.2.3, 203.0.113.9' },
    });
    expect(answer.status).toBe(403);
    expect(answer.json.error.code).toBe('ip_not_allowed');
  });

  it('names the refused token and the real client in the request log', async () => {
    const logs = await server.admin('GET', `/logs?token=${tokenId}&status=403`);
    expect(logs.body[0]).toMatchObject({ tokenId, ip: '203.0.113.9', status: 403, errorCode: 'ip_not_allowed' });
  });
});
