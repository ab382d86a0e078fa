import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { edit } from '../support/revisions.js';

const SECRET = 'sk_live_4f9a1c0e7b2d';
const REPLACED = 'sk_live_replaced_8c3e';

/** request → log (naming the secret) → respond with the key the upstream call would use. */
const usesSecret = {
  name: 'Uses a secret',
  method: 'GET',
  path: '/uses-secret',
  flow: {
    nodes: [
      { id: 'r', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 'l', type: 'log', key: 'note', position: { x: 200, y: 0 }, config: { level: 'info', message: '"calling with " & env.vars.upstreamKey' } },
      { id: 'o', type: 'respond', key: 'answer', position: { x: 400, y: 0 }, config: { status: 200, body: '{"key": env.vars.upstreamKey, "plain": env.vars.region}' } },
    ],
    edges: [
      { id: 'e1', source: 'r', sourceHandle: 'out', target: 'l' },
      { id: 'e2', source: 'l', sourceHandle: 'out', target: 'o' },
    ],
  },
};

/** Every file of the workspace (the SQLite file, its -wal and -shm) holds this text nowhere. */
function workspaceHolds(server: TestServer, text: string): boolean {
  const base = path.basename(server.dbFile);
  return readdirSync(server.dir)
    .filter((name) => name.startsWith(base))
    .some((name) => readFileSync(path.join(server.dir, name)).includes(Buffer.from(text)));
}

describe('secret environment variables (finding 8)', () => {
  let server: TestServer;
  let apiId: string;

  beforeAll(async () => {
    server = await startTestServer();
    const set = await edit(server, 'PUT', '/environments/dev', { vars: { region: 'eu-west' }, secrets: { upstreamKey: SECRET } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    apiId = (await server.admin('POST', '/apis', usesSecret)).body.id;
    expect((await server.admin('POST', `/apis/${apiId}/publish`, { environment: 'dev' })).status).toBe(200);
  });
  afterAll(() => server?.close());

  it('is write-only in the admin API: answers name it, never show it', async () => {
    const answers = [await server.admin('GET', '/environments/dev'), await server.admin('GET', '/environments')];
    for (const answer of answers) expect(JSON.stringify(answer.body)).not.toContain(SECRET);
    expect(answers[0]!.body).toMatchObject({ vars: { region: 'eu-west' }, secretNames: ['upstreamKey'] });
  });

  it('is encrypted at rest: the workspace files never hold the value in clear', () => {
    expect(workspaceHolds(server, 'eu-west')).toBe(true);
    expect(workspaceHolds(server, SECRET)).toBe(false);
  });

  it('reaches flows as env.vars.<name>, and is [secret] in the kept trace and the server log', async () => {
    const answer = await getJson(`${server.runtimeUrl}/dev/uses-secret`, { headers: { 'x-flowgate-trace': '1' } });
    expect(answer.body).toEqual({ key: SECRET, plain: 'eu-west' });
    const requestId = answer.headers.get('x-request-id')!;
    const trace = await server.admin('GET', `/logs/traces/${requestId}`);
    expect(trace.status).toBe(200);
    const steps = JSON.stringify(trace.body.steps);
    expect(steps).not.toContain(SECRET);
    expect(steps).toContain('[secret]');
    expect(steps).toContain('eu-west');
    const logged = server.logLines.filter((line) => line.includes('calling with'));
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) expect(line).not.toContain(SECRET);
    expect(logged.at(-1)).toContain('calling with [secret]');
  });

  it('is [secret] in a Draft answer and its trace', async () => {
    const run = await server.admin('POST', `/apis/${apiId}/test-run`, { environment: 'dev' });
    expect(run.status).toBe(200);
    expect(JSON.stringify(run.body)).not.toContain(SECRET);
    expect(run.body.response.body).toEqual({ key: '[secret]', plain: 'eu-west' });
  });

  it('can be replaced and removed, and the next request sees the change', async () => {
    expect((await edit(server, 'PUT', '/environments/dev', { secrets: { upstreamKey: REPLACED } })).status).toBe(200);
    expect((await getJson(`${server.runtimeUrl}/dev/uses-secret`)).body.key).toBe(REPLACED);
    const removed = await edit(server, 'PUT', '/environments/dev', { secrets: { upstreamKey: null } });
    expect(removed.body.secretNames).toEqual([]);
    expect((await edit(server, 'PUT', '/environments/dev', { secrets: { upstreamKey: SECRET } })).status).toBe(200);
  });

  it('refuses a secret that is too short to hide, and a name that is both plain and secret', async () => {
    const short = await edit(server, 'PUT', '/environments/dev', { secrets: { pin: '12' } });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toContain('at least 4 characters');
    const both = await server.admin('POST', '/environments', { name: 'both', vars: { k: 'a' }, secrets: { k: 'abcdef' } });
    expect(both.status).toBe(400);
    expect(both.body.error.message).toContain('either plain or secret');
  });

  it('is never exported: the file names it with an empty value, and an import asks for it', async () => {
    const exported = await server.admin('GET', '/workspace/export');
    expect(exported.status).toBe(200);
    expect(JSON.stringify(exported.body)).not.toContain(SECRET);
    const dev = exported.body.environments.find((env: { name: string }) => env.name === 'dev');
    expect(dev.secrets).toEqual({ upstreamKey: '' });

    const target = await startTestServer();
    try {
      const plan = await target.admin('POST', '/workspace/import', { file: exported.body, dryRun: true });
      expect(plan.status).toBe(200);
      const item = plan.body.items.find((entry: { kind: string; name: string }) => entry.kind === 'environment' && entry.name === 'dev');
      expect(item.notes.join(' ')).toContain('secret values to supply after the import: upstreamKey');
      const imported = await target.admin('POST', '/workspace/import', { file: exported.body });
      expect(imported.status).toBe(200);
      expect((await target.admin('GET', '/environments/dev')).body.secretNames).toEqual([]);
    } finally {
      await target.close();
    }
  });
});
