import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getUser } from '../fixtures/apis.js';
import { getJson, rawRequest } from '../support/http.js';
import { ENGINES, startTestServerOn } from '../support/engines.js';
import type { TestServer } from '../support/test-server.js';

describe.each(ENGINES)('what the editor’s tester relies on: CORS, live traces, metrics (%s)', (engine) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServerOn(engine);
    const created = await server.admin('POST', '/apis', getUser());
    await server.admin('POST', `/apis/${created.body.id}/publish`, { environment: 'dev' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lets the editor’s origin call published APIs, and no other origin', async () => {
    const preflight = await rawRequest(`${server.runtimeUrl}/dev/users/1`, {
      method: 'OPTIONS',
      headers: { origin: server.adminUrl, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization, x-flowgate-trace' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(server.adminUrl);
    expect(preflight.headers['access-control-allow-methods']).toBe('GET');
    expect(preflight.headers['access-control-allow-headers']).toBe('authorization, x-flowgate-trace');

    const answer = await rawRequest(`${server.runtimeUrl}/dev/users/1`, { headers: { origin: server.adminUrl } });
    expect(answer.status).toBe(404);
    expect(answer.headers['access-control-allow-origin']).toBe(server.adminUrl);
    expect(String(answer.headers['access-control-expose-headers'])).toContain('x-request-id');

    const foreign = await rawRequest(`${server.runtimeUrl}/dev/users/1`, { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('keeps the trace of a live request that asks for one, and of no other', async () => {
    const traced = await getJson(`${server.runtimeUrl}/dev/users/7`, { headers: { 'x-flowgate-trace': '1' } });
    const requestId = traced.headers.get('x-request-id')!;
    expect(traced.headers.get('x-flowgate-trace')).toBe('kept');
    const trace = await server.admin('GET', `/logs/traces/${requestId}`);
    expect(trace.status).toBe(200);
    expect(trace.body).toMatchObject({ requestId, environment: 'dev', version: 1 });
    expect(trace.body.steps.map((step: any) => [step.key, step.port])).toEqual([['request', 'out'], ['user', 'missing'], ['notFound', null]]);
    expect(trace.body.steps[0].output.headers.authorization).toBeUndefined();

    const plain = await getJson(`${server.runtimeUrl}/dev/users/8`);
    expect(plain.headers.get('x-flowgate-trace')).toBeNull();
    expect((await server.admin('GET', `/logs/traces/${plain.headers.get('x-request-id')}`)).status).toBe(404);
  });

  it('counts requests per minute by status class with latency percentiles', async () => {
    await getJson(`${server.runtimeUrl}/dev/users/9`);
    const metrics = await server.admin('GET', '/logs/metrics?minutes=5');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toHaveLength(5);
    // Summed over the window, so a request made just before a minute turns still counts.
    const fourHundreds = metrics.body.reduce((sum: number, minute: any) => sum + minute.byClass['4xx'], 0);
    expect(fourHundreds).toBeGreaterThanOrEqual(1);
    const busy = metrics.body.filter((minute: any) => minute.total > 0);
    expect(busy.every((minute: any) => minute.p50Ms > 0 && minute.p95Ms >= minute.p50Ms)).toBe(true);
    expect((await server.admin('GET', '/logs/metrics?minutes=0')).status).toBe(400);
  });
});
