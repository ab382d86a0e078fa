import { newKeyGroupId } from '../../auth/ids.js';
import { runLater, type AsyncImportOps, type ImportRun, type WorkspaceImportStore } from '../../services/workspace-io/import-ops.js';
import type { PgClient, PgDatabase } from '../../storage/postgres.js';
import { DuplicateTestName, specOf } from '../api-tests.js';
import { definitionHash } from '../api-rows.js';
import { nowIso } from '../db.js';
import type { SecretSealer } from '../environment-rows.js';
import { newId } from '../ids.js';
import { PostgresApiStore } from './apis.js';
import { PostgresEnvironmentStore } from './environments.js';
import { PostgresExampleStore } from './examples.js';

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = '23505';

/** The import on PostgreSQL: one transaction on one connection, every call awaited on it. */
export class PostgresWorkspaceImport implements WorkspaceImportStore {
  private readonly apis: PostgresApiStore;
  private readonly environments: PostgresEnvironmentStore;
  private readonly examples: PostgresExampleStore;

  constructor(
    private readonly pg: PgDatabase,
    sealer: SecretSealer | null,
  ) {
    this.apis = new PostgresApiStore(pg);
    this.environments = new PostgresEnvironmentStore(pg, sealer);
    this.examples = new PostgresExampleStore(pg);
  }

  transaction<T>(work: () => ImportRun<T>): Promise<T> {
    return this.pg.transaction((client) => runLater(work(), this.ops(client)));
  }

  private ops(client: PgClient): AsyncImportOps {
    const { pg, apis, environments, examples } = this;
    const uniqueName = async (name: string, write: () => Promise<unknown>): Promise<void> => {
      try {
        await write();
      } catch (error) {
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new DuplicateTestName(name);
        throw error;
      }
    };
    return {
      createEnvironment: async (input) => void (await environments.create(input, client)),
      mergeEnvironment: async (name, update) => void (await environments.update(name, update, undefined, client)),
      createKeyGroup: async (name, description) => {
        const id = newKeyGroupId();
        await pg.run('INSERT INTO key_groups (id, name, description, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)', [id, name, description, nowIso()], client);
        return id;
      },
      describeKeyGroup: async (id, description) =>
        void (await pg.run('UPDATE key_groups SET description = $1, updated_at = $2, revision = revision + 1 WHERE id = $3', [description, nowIso(), id], client)),
      createApi: (draft, createdAt) => apis.insert(draft, createdAt, client),
      replaceApi: async (id, draft) => {
        // Locked like a publish: a replica publishing this API meanwhile waits for the import.
        await pg.one('SELECT 1 FROM apis WHERE id = $1 FOR UPDATE', [id], client);
        const record = (await apis.update(id, draft, undefined, client))!;
        await pg.run('DELETE FROM deployments WHERE api_id = $1', [id], client);
        await examples.deleteAllOn(client, id);
        await pg.run('DELETE FROM api_tests WHERE api_id = $1', [id], client);
        return record.latestVersion ?? 0;
      },
      addVersion: (id, version, definition, createdAt) => apis.insertVersion(id, version, JSON.stringify(definition), definitionHash(definition), createdAt, client),
      deploy: (id, environment, version) => apis.deploy(id, environment, version, client),
      addExample: async (id, example) => void (await examples.addOn(client, id, example)),
      addTest: async (id, test) => {
        const now = nowIso();
        await uniqueName(test.name, () =>
          pg.run('INSERT INTO api_tests (id, api_id, name, spec, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)', [newId('test'), id, test.name, specOf(test), now], client),
        );
      },
      suiteNames: async () => (await pg.all<{ name: string }>('SELECT name FROM test_suites', [], client)).map((row) => row.name),
      apiExists: async (id) => (await pg.one('SELECT 1 FROM apis WHERE id = $1', [id], client)) !== undefined,
      addSuite: async (suite) => {
        const now = nowIso();
        await uniqueName(suite.name, () =>
          pg.run('INSERT INTO test_suites (id, name, spec, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)', [newId('suite'), suite.name, specOf(suite), now], client),
        );
      },
      liveDeployments: () => apis.liveDeployments(client),
    };
  }
}
