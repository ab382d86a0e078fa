import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('the admin API is closed to everyone but the editor and local tools', () => {
  let server: TestServer;
  let host: string;

  beforeAll(async () => {
    server = await startTestServer();
    host = new URL(server.adminUrl).host;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses a missing or wrong admin key', async () => {
    const missing = await rawRequest(`${server.adminUrl}/admin/v1/apis`);
    expect(missing.status).toBe(401);
    expect(missing.json.error.code).toBe('unauthorized');
    const wrong = await rawRequest(`${server.adminUrl}/admin/v1/apis`, { headers: { authorization: 'Bearer not-the-key' } });
    expect(wrong.status).toBe(401);
    const right = await rawRequest(`${server.adminUrl}/admin/v1/apis`, { headers: { authorization: `Bearer ${server.adminKey}` } });
    expect(right.status).toBe(200);
  });

  it('tells the editor whether it is signed in, without a 401', async () => {
    const signedOut = await rawRequest(`${server.adminUrl}/admin/v1/session`);
    expect(signedOut.status).toBe(200);
    expect(signedOut.json).toEqual({ signedIn: false });
    const wrongKey = await rawRequest(`${server.adminUrl}/admin/v1/session`, { headers: { authorization: 'Bearer nope' } });
    expect(wrongKey.json).toEqual({ signedIn: false });
    const signedIn = await server.admin('GET', '/session');
    expect(signedIn.body).toEqual({ signedIn: true, runtimeUrl: server.runtimeUrl });
  });

  it('refuses a foreign Host even with the right key', async () => {
    const port = new URL(server.adminUrl).port;
    const response = await rawRequest(`${server.adminUrl}/admin/v1/apis`, {
      headers: { host: `evil.example:${port}`, authorization: `Bearer ${server.adminKey}` },
    });
    expect(response.status).toBe(403);
    expect(response.json.error.code).toBe('forbidden_host');
  });

  it('refuses a foreign Origin even with the right key', async () => {
    const response = await rawRequest(`${server.adminUrl}/admin/v1/apis`, {
      headers: { origin: 'https://evil.example', authorization: `Bearer ${server.adminKey}` },
    });
    expect(response.status).toBe(403);
    expect(response.json.error.code).toBe('forbidden_origin');
    const own = await rawRequest(`${server.adminUrl}/admin/v1/apis`, { headers: { origin: `http://${host}`, authorization: `Bearer ${server.adminKey}` } });
    expect(own.status).toBe(200);
  });

  it('opens a browser session with the one-time login link, once', async () => {
    const loginUrl = server.loginUrl();
    const first = await rawRequest(loginUrl);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    expect(String(first.headers['set-cookie'])).toContain('HttpOnly');
    expect(String(first.headers['set-cookie'])).toContain('SameSite=Strict');
    const withSession = await rawRequest(`${server.adminUrl}/admin/v1/apis`, { headers: { cookie } });
    expect(withSession.status).toBe(200);

    const again = await rawRequest(loginUrl);
    expect(again.status).toBe(302);
    expect(again.headers.location).toBe('/?signin=expired');
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('answers bad input with 400 naming the fields, and malformed JSON with 400', async () => {
    const invalid = await server.admin('POST', '/apis', { name: '', method: 'FETCH', path: 'users' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('invalid_input');
    expect(invalid.body.error.message).toMatch(/name/);
    expect(invalid.body.error.message).toMatch(/method/);
    expect(invalid.body.error.message).toMatch(/path/);

    const malformed = await rawRequest(`${server.adminUrl}/admin/v1/apis`, {
      method: 'POST', headers: { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' }, body: '{"name":',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe('malformed_json');
    expect((await server.admin('GET', '/apis')).body).toEqual([]);
  });

  it('answers unknown ids and endpoints with 404 in the one error shape', async () => {
    const api = await server.admin('GET', '/apis/api_nope');
    expect(api.status).toBe(404);
    expect(api.body.error).toMatchObject({ code: 'not_found', requestId: expect.any(String) });
    expect((await server.admin('GET', '/nothing')).status).toBe(404);
  });
});
