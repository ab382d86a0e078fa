import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edit } from '../support/revisions.js';
import { freshDatabase, type TestDatabase } from '../support/postgres.js';
import { makeTempDir, removeTempDir } from '../support/temp.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { getUser, greet, runFlowgateTest, type CliRun } from './api-tests-support.js';

/**
 * API tests and the request log on a PostgreSQL workspace, end to end: tests saved, run and saved
 * from a logged request through the admin API, and `flowgate test --database URL` as CI runs it
 * (the real CLI process from dist/) against the workspace a server is using.
 */

let database: TestDatabase;
let server: TestServer;
let dir: string;
let greetId: string;

const flowgateTest = (args: string[]): Promise<CliRun> => runFlowgateTest(args, { cwd: dir, env: { FLOWGATE_KEK: server.kek } });

beforeAll(async () => {
  dir = makeTempDir();
  database = await freshDatabase();
  server = await startTestServer({ databaseUrl: database.url });
  greetId = (await server.admin('POST', '/apis', greet())).body.id;
  const getUserId = (await server.admin('POST', '/apis', getUser())).body.id;
  for (const [apiId, test] of [
    [greetId, { name: 'greets ada', request: { params: { name: 'ada' } }, expect: { status: 200, body: { msg: 'hi ada' } } }],
    [getUserId, { name: 'finds a seeded user', request: { params: { id: 'u1' } }, fixtures: [{ collection: 'users', records: [{ id: 'u1' }] }], expect: { status: 200 } }],
  ] as const) {
    expect((await server.admin('POST', `/apis/${apiId}/tests`, test)).status).toBe(201);
  }
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
  removeTempDir(dir);
});

describe('API tests on a PostgreSQL workspace', () => {
  it('runs them in throwaway sandboxes, and refuses a taken name', async () => {
    const report = await server.admin('POST', '/tests/run', {});
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body).toMatchObject({ total: 2, passed: 2, failed: 0 });
    const taken = await server.admin('POST', `/apis/${greetId}/tests`, { name: 'GREETS ADA' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('duplicate_test_name');
  });

  it('logs live calls and saves one as a test that passes', async () => {
    expect((await server.admin('POST', `/apis/${greetId}/publish`, { environment: 'dev' })).status).toBe(200);
    const called = await fetch(`${server.runtimeUrl}/dev/greet/grace`);
    expect(called.status).toBe(200);
    const requestId = called.headers.get('x-request-id')!;
    const logged = await server.admin('GET', `/logs?api=${greetId}&limit=5`);
    expect(logged.body[0]).toMatchObject({ requestId, apiName: 'Greet', status: 200, method: 'GET', path: '/dev/greet/grace', source: 'live' });
    const metrics = await server.admin('GET', `/logs/metrics?minutes=2&api=${greetId}`);
    expect(metrics.body.reduce((sum: number, minute: { total: number }) => sum + minute.total, 0)).toBe(1);
    expect((await server.admin('GET', '/logs/status')).body).toMatchObject({ droppedRows: 0, writing: 'ok' });
    const saved = await server.admin('POST', `/apis/${greetId}/tests/from-log`, { requestId });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body).toMatchObject({ name: 'GET /dev/greet/grace → 200', expect: { status: 200 } });
    const report = await server.admin('POST', '/tests/run', { testIds: [saved.body.id] });
    expect(report.body).toMatchObject({ total: 1, passed: 1 });
    expect((await server.admin('DELETE', `/apis/${greetId}/tests/${saved.body.id}`)).status).toBe(204);
  });

  it('flowgate test --database runs the workspace’s tests and exits 0, then 1 after a breaking edit', async () => {
    const passing = await flowgateTest(['--database', database.url]);
    expect(passing.code, passing.stdout + passing.stderr).toBe(0);
    expect(passing.stdout).toContain('2 passed, 0 failed, 2 in all');
    expect(passing.stdout + passing.stderr).not.toContain(new URL(database.url).password);
    expect((await edit(server, 'PUT', `/apis/${greetId}`, greet('bye'))).status).toBe(200);
    try {
      const failing = await flowgateTest(['--database', database.url, '--api', 'greet']);
      expect(failing.code, failing.stdout + failing.stderr).toBe(1);
      expect(failing.stdout).toContain('✗ greets ada → 200');
    } finally {
      await edit(server, 'PUT', `/apis/${greetId}`, greet('hi'));
    }
  });

  it('flowgate test --database without FLOWGATE_KEK is a usage error that says what to set', async () => {
    const { code, stderr } = await runFlowgateTest(['--database', database.url], { cwd: dir, env: { FLOWGATE_KEK: '' } });
    expect(code, stderr).toBe(2);
    expect(stderr).toContain('set FLOWGATE_KEK');
  });
});
