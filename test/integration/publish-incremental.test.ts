import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echo } from '../fixtures/apis.js';
import { getJson } from '../support/http.js';
import { edit } from '../support/revisions.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { sqliteDatabase } from '../../server/storage/storage.js';

/** Publish, rollback and unpublish of one API leave every other API's compiled route as it was. */
describe('publish costs what changed', () => {
  let server: TestServer;
  const ids: string[] = [];

  const runtime = () => server.built.services.runtime;
  const routeOf = (apiId: string) => runtime().table().get('dev', apiId);
  const publish = async (id: string) => expect((await server.admin('POST', `/apis/${id}/publish`, { environment: 'dev' })).status).toBe(200);

  beforeAll(async () => {
    server = await startTestServer();
    for (const n of [1, 2, 3]) {
      const created = await server.admin('POST', '/apis', echo(`/incremental/${n}`, `{"api": ${n}}`));
      ids.push(created.body.id as string);
      await publish(created.body.id as string);
    }
  });

  afterAll(async () => {
    await server?.close();
  });

  it('a publish compiles that API only and leaves the others\u2019 routes the same objects', async () => {
    const [first, second, third] = ids as [string, string, string];
    const before = { second: routeOf(second), third: routeOf(third), compiles: runtime().compiles };
    expect((await edit(server, 'PUT', `/apis/${first}`, echo('/incremental/1', '{"api": 1, "v": 2}'))).status).toBe(200);
    await publish(first);
    expect(runtime().compiles - before.compiles).toBe(1);
    expect(routeOf(second)).toBe(before.second);
    expect(routeOf(third)).toBe(before.third);
    expect((await getJson(`${server.runtimeUrl}/dev/incremental/1`)).body).toEqual({ api: 1, v: 2 });
    // The replaced version's compiled flow is released: one compiled version per served route.
    expect(runtime().compiledVersions).toBe(3);
  });

  it('rollback and unpublish change that API only', async () => {
    const [first, second, third] = ids as [string, string, string];
    const before = { second: routeOf(second), third: routeOf(third) };
    expect((await server.admin('POST', `/apis/${first}/rollback`, { environment: 'dev', version: 1 })).status).toBe(200);
    expect((await getJson(`${server.runtimeUrl}/dev/incremental/1`)).body).toEqual({ api: 1 });
    expect(routeOf(first)?.version).toBe(1);
    expect((await server.admin('POST', `/apis/${first}/unpublish`, { environment: 'dev' })).status).toBe(204);
    expect(routeOf(first)).toBeUndefined();
    expect((await getJson(`${server.runtimeUrl}/dev/incremental/1`)).status).toBe(404);
    expect(routeOf(second)).toBe(before.second);
    expect(routeOf(third)).toBe(before.third);
    await publish(first);
  });

  it('a route clash is refused without touching the served table', async () => {
    const [, second] = ids as [string, string];
    const clash = (await server.admin('POST', '/apis', echo('/incremental/2', '{"clash": true}'))).body.id as string;
    const before = routeOf(second);
    const refused = await server.admin('POST', `/apis/${clash}/publish`, { environment: 'dev' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('route_conflict');
    expect(routeOf(second)).toBe(before);
    expect((await getJson(`${server.runtimeUrl}/dev/incremental/2`)).body).toEqual({ api: 2 });
  });

  it('a stored version that no longer compiles answers 503 version_unavailable while the others serve', async () => {
    const [, second, third] = ids as [string, string, string];
    const db = sqliteDatabase(server.built.services.storage);
    const row = db.prepare('SELECT version, definition FROM api_versions WHERE api_id = ? ORDER BY version DESC LIMIT 1').get(third) as { version: number; definition: string };
    const definition = JSON.parse(row.definition) as { flow: { nodes: { type: string }[] } };
    definition.flow.nodes[1]!.type = 'no.such.step';
    db.prepare('UPDATE api_versions SET definition = ? WHERE api_id = ? AND version = ?').run(JSON.stringify(definition), third, row.version);
    // As after a restart: nothing compiled is kept for it.
    runtime().forgetApi(third);
    runtime().reload();
    const broken = await getJson(`${server.runtimeUrl}/dev/incremental/3`);
    expect(broken.status).toBe(503);
    expect(broken.body.error.code).toBe('version_unavailable');
    expect(broken.body.error.message).toContain('Echo /incremental/3');
    expect(broken.body.error.message).toContain('no.such.step');
    expect((await getJson(`${server.runtimeUrl}/dev/incremental/2`)).body).toEqual({ api: 2 });
    expect(routeOf(second)?.unavailable).toBeUndefined();
  });

  it('the OpenAPI document is served from memory and built again after a publish', async () => {
    const service = () => `${server.runtimeUrl}/dev/openapi.json`;
    const first = await getJson(service());
    expect(first.status).toBe(200);
    const again = await getJson(service());
    expect(again.body).toEqual(first.body);
    const created = (await server.admin('POST', '/apis', echo('/incremental/new', '{"new": true}'))).body.id as string;
    expect(Object.keys(first.body.paths)).not.toContain('/incremental/new');
    await publish(created);
    const after = await getJson(service());
    expect(Object.keys(after.body.paths)).toContain('/incremental/new');
  });

  it('an environment variable change re-envs that environment\u2019s routes without compiling', async () => {
    const compiles = runtime().compiles;
    const env = await server.admin('GET', '/environments/dev');
    const changed = await edit(server, 'PUT', '/environments/dev', { vars: { ...env.body.vars, GREETING: 'hello' } });
    expect(changed.status).toBe(200);
    expect(runtime().compiles).toBe(compiles);
    expect(routeOf(ids[1]!)?.env.vars.GREETING).toBe('hello');
  });
});
