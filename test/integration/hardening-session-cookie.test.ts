import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echo } from '../fixtures/apis.js';
import { getJson } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** Finding 3: the admin session cookie reached flows, which could echo, log, trace or forward it. */
describe('flows never see the admin session cookie', () => {
  let server: TestServer;
  let session: string;

  beforeAll(async () => {
    server = await startTestServer();
    const login = await fetch(server.loginUrl(), { redirect: 'manual' });
    const setCookie = login.headers.get('set-cookie') ?? '';
    session = /flowgate_session=([^;]+)/.exec(setCookie)?.[1] ?? '';
    expect(session).not.toBe('');
    const created = await server.admin('POST', '/apis', echo('/whoami', '{"cookie": request.headers.cookie}'));
    expect((await server.admin('POST', `/apis/${created.body.id}/publish`, { environment: 'dev' })).status).toBe(200);
  });
  afterAll(() => server?.close());

  it('sets the session cookie host-only, Path=/, HttpOnly and SameSite=Strict', async () => {
    const login = await fetch(server.loginUrl(), { redirect: 'manual' });
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^flowgate_session=[^;]+; /);
    for (const attribute of ['HttpOnly', 'SameSite=Strict', 'Path=/']) expect(cookie).toContain(`; ${attribute}`);
    expect(cookie).not.toMatch(/Domain=/i);
  });

  it('takes the session pair out of request.headers.cookie, keeping the API’s own cookies', async () => {
    const both = await getJson(`${server.runtimeUrl}/dev/whoami`, { headers: { cookie: `theme=dark; flowgate_session=${session}; cart=7` } });
    expect(both.body).toEqual({ cookie: 'theme=dark; cart=7' });
    const only = await getJson(`${server.runtimeUrl}/dev/whoami`, { headers: { cookie: `flowgate_session=${session}` } });
    expect(only.body).toEqual({});
    expect(JSON.stringify((await getJson(`${server.runtimeUrl}/dev/whoami`, { headers: { cookie: `flowgate_session=${session}`, 'x-flowgate-trace': '1' } })).body)).not.toContain(session);
  });
});
