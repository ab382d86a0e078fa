import { describe, expect, it } from 'vitest';
import { ApiDefinition, starterFlow, type ApiDefinitionInput } from '../../../shared/model/api.js';
import { MAX_EXAMPLES_PER_API } from '../../../shared/model/api-example.js';
import { ApiTestInput, TestSuiteInput } from '../../../shared/model/api-tests.js';
import { DEFAULT_OUTBOUND } from '../../../shared/model/environment.js';
import type { ExecutorServices } from '../../../server/executors/types.js';
import { exampleStoreFor } from '../../../server/openapi/examples.js';
import { Runtime } from '../../../server/runtime/runtime.js';
import { ApiService } from '../../../server/services/apis.js';
import { EnvironmentService } from '../../../server/services/environments.js';
import { apiTestStoreFor } from '../../../server/workspace/api-tests.js';
import { workspaceImportFor } from '../../../server/services/workspace-io.js';
import { call } from '../../../server/services/workspace-io/import-ops.js';
import { LocalChangeFeed } from '../../../server/storage/changes.js';
import type { Storage } from '../../../server/storage/storage.js';
import { apiStoreFor, type ApiStore } from '../../../server/workspace/apis.js';
import { EnvironmentSnapshot } from '../../../server/workspace/environment-snapshot.js';
import type { RecordStore } from '../../../server/workspace/record-store.js';
import { environmentStoreFor, SecretsUnavailable, type SecretSealer } from '../../../server/workspace/environments.js';
import { cleanupsAfterEach, ENGINES, freshWorkspace } from '../../support/engines.js';

/** Seals by tagging with the context (enough to see that each secret is sealed for its own environment and name). */
const sealer: SecretSealer = {
  encrypt: (plain, context) => Buffer.from(JSON.stringify([context, plain])).toString('base64'),
  decrypt: (sealed, context) => {
    const [sealedFor, plain] = JSON.parse(Buffer.from(sealed, 'base64').toString()) as [string, string];
    if (sealedFor !== context) throw new Error(`sealed for ${sealedFor}, opened as ${context}`);
    return plain;
  },
};

const api = (name: string, fields: Partial<ApiDefinitionInput> = {}): ApiDefinition =>
  ApiDefinition.parse({ name, method: 'GET', path: `/${name.toLowerCase().replace(/\W+/g, '-')}`, flow: starterFlow(), ...fields });

type GroupRow = { id: string; name: string; description: string; revision: number };
/** Key groups as stored (read here directly: the import writes them in its own transaction). */
const groupsOf = (storage: Storage): Promise<GroupRow[]> =>
  storage.engine === 'sqlite'
    ? Promise.resolve(storage.db.prepare('SELECT id, name, description, revision FROM key_groups').all() as GroupRow[])
    : storage.pg.all<GroupRow>('SELECT id, name, description, revision FROM key_groups');

describe.each(ENGINES)('the workspace stores on %s', (engine) => {
  const cleanups = cleanupsAfterEach();

  /** A fresh workspace on this engine; `replica()` opens another connection to the same one (a second `flowgate serve`). */
  async function workspace(): Promise<{ storage: Storage; replica: () => Promise<Storage> }> {
    const { storage, replica } = await freshWorkspace(engine, cleanups);
    await environmentStoreFor(storage, sealer).seedDefaults();
    return { storage, replica };
  }

  describe('APIs', () => {
    it('lists in creation order, reads one back and refuses a stale revision', async () => {
      const { storage } = await workspace();
      const apis = apiStoreFor(storage);
      const first = await apis.create(api('First'));
      const second = await apis.create(api('Second'));
      expect((await apis.list()).map((record) => record.name)).toEqual(['First', 'Second']);
      expect(await apis.get(first.id)).toEqual(first);
      expect(first).toMatchObject({ revision: 1, latestVersion: null, deployments: [], path: '/first' });
      expect(await apis.get('api_missing')).toBeUndefined();

      const saved = await apis.update(first.id, api('First', { description: 'mine' }), 1);
      expect(saved).toMatchObject({ revision: 2, description: 'mine' });
      expect(await apis.update(first.id, api('First', { description: 'stale' }), 1)).toBeUndefined();
      expect(await apis.update('api_missing', api('Nobody'))).toBeUndefined();
      // No revision given: the import's overwrite.
      expect(await apis.update(second.id, api('Second', { description: 'imported' }))).toMatchObject({ revision: 2 });
    });

    it('publishes a version per changed draft, rolls back, unpublishes and deletes', async () => {
      const { storage } = await workspace();
      const apis = apiStoreFor(storage);
      const { id } = await apis.create(api('Orders'));
      expect(await apis.publish(id, 'dev')).toEqual({ version: 1 });
      // The same draft again: the version is reused.
      expect(await apis.publish(id, 'prod')).toEqual({ version: 1 });
      await apis.update(id, api('Orders', { description: 'v2' }));
      expect((await apis.get(id))!.deployments).toEqual([
        { environment: 'dev', version: 1, publishedAt: expect.any(String), draftChanged: true },
        { environment: 'prod', version: 1, publishedAt: expect.any(String), draftChanged: true },
      ]);
      expect(await apis.publish(id, 'dev')).toEqual({ version: 2 });
      expect((await apis.versions(id)).map(({ version, environments }) => ({ version, environments }))).toEqual([
        { version: 2, environments: ['dev'] },
        { version: 1, environments: ['prod'] },
      ]);
      expect((await apis.version(id, 2))!.description).toBe('v2');
      expect(await apis.version(id, 9)).toBeUndefined();
      expect((await apis.liveDeployments()).map(({ environment, version }) => `${environment}@${version}`)).toEqual(['dev@2', 'prod@1']);

      await apis.deploy(id, 'dev', 1);
      expect((await apis.get(id))!.deployments.map((d) => d.version)).toEqual([1, 1]);
      expect(await apis.undeploy(id, 'prod')).toBe(true);
      expect(await apis.undeploy(id, 'prod')).toBe(false);
      expect((await apis.liveDeployments()).map((d) => d.environment)).toEqual(['dev']);

      expect(await apis.delete(id)).toBe(true);
      expect(await apis.delete(id)).toBe(false);
      expect(await apis.get(id)).toBeUndefined();
      expect(await apis.versions(id)).toEqual([]);
      expect(await apis.liveDeployments()).toEqual([]);
      await expect(apis.publish(id, 'dev')).rejects.toMatchObject({ status: 404, code: 'not_found' });
    });

    it('gives two replicas publishing at once distinct versions, never a duplicate', async () => {
      const { storage, replica } = await workspace();
      const a = apiStoreFor(storage);
      const b = apiStoreFor(await replica());
      const { id } = await a.create(api('Busy'));
      // The same draft from both: one version, both environments on it.
      expect(await Promise.all([a.publish(id, 'dev'), b.publish(id, 'prod')])).toEqual([{ version: 1 }, { version: 1 }]);
      // Drafts changing while both publish: every publish lands, numbered without a gap.
      const rounds = 6;
      const results = await Promise.all(
        Array.from({ length: rounds }, (_, round) => {
          const [store, environment] = round % 2 === 0 ? [a, 'dev'] : [b, 'prod'];
          return store.update(id, api('Busy', { description: `round ${round}` })).then(() => store.publish(id, environment));
        }),
      );
      const numbers = (await a.versions(id)).map((version) => version.version).sort((x, y) => x - y);
      expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, index) => index + 1));
      for (const { version } of results) expect(numbers).toContain(version);
      const live = await b.liveDeployments();
      for (const deployment of live) expect((await a.version(id, deployment.version))).toEqual(deployment.definition);
    });
  });

  describe('environments', () => {
    it('seeds dev and prod once, creates, refuses a taken name and a stale revision', async () => {
      const { storage } = await workspace();
      const environments = environmentStoreFor(storage, sealer);
      await environments.seedDefaults();
      expect((await environments.list()).map((env) => env.name)).toEqual(['dev', 'prod']);
      const created = await environments.create({ name: 'staging', description: 'pre-prod', vars: { REGION: 'eu' }, secrets: {}, outbound: DEFAULT_OUTBOUND });
      expect(created).toMatchObject({ name: 'staging', vars: { REGION: 'eu' }, secretNames: [], revision: 1, outbound: DEFAULT_OUTBOUND });
      expect(await environments.create({ name: 'staging', description: '', vars: {}, secrets: {}, outbound: DEFAULT_OUTBOUND })).toBeUndefined();

      expect(await environments.update('staging', { description: 'changed' }, 1)).toMatchObject({ description: 'changed', revision: 2, vars: { REGION: 'eu' } });
      expect(await environments.update('staging', { description: 'stale' }, 1)).toBeUndefined();
      expect(await environments.update('nowhere', { description: 'x' })).toBeUndefined();
      expect(await environments.delete('staging')).toBe(true);
      expect(await environments.delete('staging')).toBe(false);
      expect(await environments.get('staging')).toBeUndefined();
    });

    it('keeps secrets sealed, opens them for flows, and moves a name between plain and secret', async () => {
      const { storage } = await workspace();
      const environments = environmentStoreFor(storage, sealer);
      await environments.create({ name: 'shop', description: '', vars: { PLAIN: 'p' }, secrets: { TOKEN: 's3cret', LATER: '' }, outbound: DEFAULT_OUTBOUND });
      expect(await environments.get('shop')).toMatchObject({ vars: { PLAIN: 'p' }, secretNames: ['TOKEN'] });
      expect(await environments.secrets('shop')).toEqual({ TOKEN: 's3cret' });
      expect(await environments.allSecretValues()).toEqual(['s3cret']);
      expect((await environments.flowContexts()).find((env) => env.name === 'shop')).toEqual({ name: 'shop', vars: { PLAIN: 'p', TOKEN: 's3cret' } });

      await environments.update('shop', { secrets: { PLAIN: 'now secret', TOKEN: null } });
      expect(await environments.get('shop')).toMatchObject({ vars: {}, secretNames: ['PLAIN'] });
      expect(await environments.secrets('shop')).toEqual({ PLAIN: 'now secret' });
      await environments.update('shop', { vars: { PLAIN: 'plain again' } });
      expect(await environments.get('shop')).toMatchObject({ vars: { PLAIN: 'plain again' }, secretNames: [] });

      // A second replica's change is read fresh, not from what this one opened before.
      await environments.update('shop', { secrets: { TOKEN: 'first' } });
      expect(await environments.secrets('shop')).toEqual({ TOKEN: 'first' });
      await environmentStoreFor(storage, sealer).update('shop', { secrets: { TOKEN: 'second' } });
      expect(await environments.secrets('shop')).toEqual({ TOKEN: 'second' });

      const keyless = environmentStoreFor(storage, null);
      await expect(keyless.create({ name: 'nokey', description: '', vars: {}, secrets: { A: 'b' }, outbound: DEFAULT_OUTBOUND })).rejects.toBeInstanceOf(SecretsUnavailable);
      await expect(keyless.secrets('shop')).rejects.toMatchObject({ code: 'secrets_unavailable' });
    });

    it('holds a snapshot for synchronous reads that follows the change feed', async () => {
      const { storage } = await workspace();
      const environments = environmentStoreFor(storage, sealer);
      const changes = new LocalChangeFeed();
      cleanups.push(() => changes.close());
      const snapshot = await EnvironmentSnapshot.load(environments);
      snapshot.follow(changes);
      await environments.create({ name: 'qa', description: '', vars: { A: '1' }, secrets: { KEY: 'k' }, outbound: DEFAULT_OUTBOUND });
      expect(snapshot.get('qa')).toBeUndefined();
      await changes.announce({ kind: 'environment', name: 'qa' });
      expect(snapshot.get('qa')).toMatchObject({ vars: { A: '1' }, secretNames: ['KEY'] });
      expect(snapshot.secrets('qa')).toEqual({ KEY: 'k' });
      expect(snapshot.allSecretValues()).toEqual(['k']);
      expect(snapshot.flowContexts().map((env) => env.name)).toEqual(['dev', 'prod', 'qa']);
      await environments.delete('qa');
      await changes.announce({ kind: 'workspace' });
      expect(snapshot.list().map((env) => env.name)).toEqual(['dev', 'prod']);
      expect(snapshot.secrets('qa')).toEqual({});
    });
  });

  it('keeps examples per API, at most MAX_EXAMPLES_PER_API', async () => {
    const { storage } = await workspace();
    const apis = apiStoreFor(storage);
    const examples = exampleStoreFor(storage);
    const { id } = await apis.create(api('Examples'));
    const example = { name: 'ok', request: { params: {}, query: {} }, response: { status: 200, body: { ok: true } } };
    const added = await examples.add(id, example);
    expect(added).toMatchObject({ apiId: id, name: 'ok', response: { status: 200, body: { ok: true } } });
    expect(await examples.list(id)).toEqual([added]);
    expect((await examples.all()).get(id)).toEqual([added]);
    for (let count = 1; count < MAX_EXAMPLES_PER_API; count++) await examples.add(id, { ...example, name: `e${count}` });
    await expect(examples.add(id, example)).rejects.toMatchObject({ status: 409, code: 'too_many_examples' });
    expect(await examples.delete(id, added.id)).toBe(true);
    expect(await examples.delete(id, added.id)).toBe(false);
    await apis.delete(id);
    expect(await examples.list(id)).toEqual([]);
  });

  it('brings a publish, an environment change and a delete to every replica following the change feed', async () => {
    const { storage, replica } = await workspace();
    // One feed both replicas hear, as LISTEN/NOTIFY gives them on PostgreSQL.
    const changes = new LocalChangeFeed();
    cleanups.push(() => changes.close());
    // Request → respond: these flows read no records and call nothing.
    const services: ExecutorServices = { records: {} as RecordStore, fetch: () => Promise.reject(new Error('no calls out here')), log: () => undefined };
    const replicas = await Promise.all(
      [storage, await replica()].map(async (on) => {
        const environments = environmentStoreFor(on, sealer);
        const snapshot = await EnvironmentSnapshot.load(environments);
        snapshot.follow(changes);
        const runtime = await Runtime.load(apiStoreFor(on), snapshot, services);
        runtime.follow(changes);
        return { runtime, snapshot, apis: new ApiService(apiStoreFor(on), environments, runtime, changes), environments: new EnvironmentService(environments, changes) };
      }),
    );
    const [a, b] = replicas as [(typeof replicas)[0], (typeof replicas)[0]];
    const served = (runtime: Runtime) => runtime.table().routes.map((route) => `${route.environment} ${route.definition.path} v${route.version}`);
    const { id } = await a.apis.create({
      name: 'Hello', method: 'GET', path: '/hello',
      flow: {
        nodes: [
          { id: 'r', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
          { id: 'o', type: 'respond', key: 'answer', position: { x: 200, y: 0 }, config: { status: 200, body: 'env.vars.GREETING' } },
        ],
        edges: [{ id: 'e1', source: 'r', sourceHandle: 'out', target: 'o' }],
      },
    });
    expect(await a.apis.publish(id, 'dev')).toMatchObject({ version: 1 });
    expect(served(a.runtime)).toEqual(['dev /hello v1']);
    expect(served(b.runtime)).toEqual(['dev /hello v1']);

    const dev = (await b.environments.get('dev'))!;
    await b.environments.update('dev', { secrets: { GREETING: 'hi' } }, dev.revision);
    for (const { runtime, snapshot } of replicas) {
      expect(snapshot.secrets('dev')).toEqual({ GREETING: 'hi' });
      expect(runtime.table().routes[0]!.env.vars).toEqual({ GREETING: 'hi' });
    }

    await b.apis.delete(id);
    expect(served(a.runtime)).toEqual([]);
    expect(served(b.runtime)).toEqual([]);
  });

  describe('the import transaction', () => {
    async function seeded(apis: ApiStore) {
      const kept = await apis.create(api('Kept'));
      await apis.publish(kept.id, 'dev');
      return kept;
    }

    it('applies every area at once', async () => {
      const { storage } = await workspace();
      const apis = apiStoreFor(storage);
      const kept = await seeded(apis);
      const importer = workspaceImportFor(storage, sealer);
      const made = await importer.transaction(function* () {
        yield* call('createEnvironment', { name: 'imported', description: '', vars: { A: '1' }, secrets: { S: 'x' }, outbound: DEFAULT_OUTBOUND });
        yield* call('mergeEnvironment', 'dev', { description: 'merged', vars: { B: '2' } });
        const groupId = yield* call('createKeyGroup', 'Partners', 'from the file');
        const id = yield* call('createApi', api('New', { auth: { required: true, keyGroupIds: [groupId], scopes: [] } }), new Date().toISOString());
        yield* call('addVersion', id, 3, api('New'), new Date().toISOString());
        yield* call('deploy', id, 'imported', 3);
        yield* call('addExample', id, { name: 'ex', request: { params: {}, query: {} }, response: { status: 200, body: null } });
        const newest = yield* call('replaceApi', kept.id, api('Kept', { description: 'replaced' }));
        yield* call('describeKeyGroup', groupId, 'described again');
        yield* call('addTest', id, ApiTestInput.parse({ name: 'answers' }));
        yield* call('addSuite', TestSuiteInput.parse({ name: 'Smoke', steps: [{ name: 'one', apiId: id }] }));
        return { id, newest, groupId, suites: yield* call('suiteNames'), exists: yield* call('apiExists', id), live: yield* call('liveDeployments') };
      });
      expect(made.suites).toEqual(['Smoke']);
      const [group] = (await groupsOf(storage)).filter((row) => row.id === made.groupId);
      expect(group).toMatchObject({ name: 'Partners', description: 'described again', revision: 2 });
      expect(await apiTestStoreFor(storage).list(made.id)).toEqual([expect.objectContaining({ name: 'answers', apiId: made.id })]);
      expect(made.newest).toBe(1);
      expect(made.exists).toBe(true);
      // The replaced API was taken off dev; the new one serves version 3 on the imported environment.
      expect(made.live.map((d) => `${d.environment}@${d.version}:${d.apiId === made.id}`)).toEqual(['imported@3:true']);
      expect((await apis.get(kept.id))!).toMatchObject({ description: 'replaced', deployments: [], latestVersion: 1 });
      expect(await environmentStoreFor(storage, sealer).secrets('imported')).toEqual({ S: 'x' });
      expect(await environmentStoreFor(storage, sealer).get('dev')).toMatchObject({ description: 'merged', vars: { B: '2' } });
      expect(await exampleStoreFor(storage).list(made.id)).toHaveLength(1);
    });

    it('leaves nothing behind when any step throws', async () => {
      const { storage } = await workspace();
      const apis = apiStoreFor(storage);
      const kept = await seeded(apis);
      const before = { apis: await apis.list(), live: await apis.liveDeployments(), environments: await environmentStoreFor(storage, sealer).list() };
      const importer = workspaceImportFor(storage, sealer);
      await expect(
        importer.transaction(function* () {
          yield* call('createEnvironment', { name: 'half', description: '', vars: {}, secrets: {}, outbound: DEFAULT_OUTBOUND });
          yield* call('createKeyGroup', 'Half', '');
          const id = yield* call('createApi', api('Half'), new Date().toISOString());
          yield* call('addVersion', id, 1, api('Half'), new Date().toISOString());
          yield* call('deploy', id, 'half', 1);
          yield* call('replaceApi', kept.id, api('Kept', { description: 'lost' }));
          yield* call('addSuite', TestSuiteInput.parse({ name: 'Lost', steps: [{ name: 'one', apiId: id }] }));
          // The same version twice: the database refuses, and the whole import goes.
          yield* call('addVersion', id, 1, api('Half'), new Date().toISOString());
        }),
      ).rejects.toThrow();
      expect(await apis.list()).toEqual(before.apis);
      expect(await apis.liveDeployments()).toEqual(before.live);
      expect(await environmentStoreFor(storage, sealer).list()).toEqual(before.environments);
      expect(await groupsOf(storage)).toEqual([]);
      expect(await apiTestStoreFor(storage).suites()).toEqual([]);
    });
  });
});
