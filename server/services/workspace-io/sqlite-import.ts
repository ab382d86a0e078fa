import type { ApiTestInput, TestSuiteInput } from '../../../shared/model/api-tests.js';
import { newKeyGroupId } from '../../auth/ids.js';
import { SqliteExampleStore } from '../../openapi/examples.js';
import { DuplicateTestName, specOf } from '../../workspace/api-tests.js';
import { definitionHash, SqliteApiStore } from '../../workspace/apis.js';
import { nowIso, type Db } from '../../workspace/db.js';
import type { SqliteEnvironmentStore } from '../../workspace/environments.js';
import { newId } from '../../workspace/ids.js';
import { runNow, type ImportOps, type ImportRun, type WorkspaceImportStore } from './import-ops.js';

/** The import on SQLite: one synchronous (IMMEDIATE) transaction around the whole run. */
export class SqliteWorkspaceImport implements WorkspaceImportStore {
  private readonly ops: ImportOps;

  constructor(
    private readonly db: Db,
    environments: SqliteEnvironmentStore,
  ) {
    this.ops = sqliteImportOps(db, environments);
  }

  async transaction<T>(work: () => ImportRun<T>): Promise<T> {
    return this.db.transaction(() => runNow(work(), this.ops))();
  }
}

function sqliteImportOps(db: Db, environments: SqliteEnvironmentStore): ImportOps {
  const apis = new SqliteApiStore(db);
  const examples = new SqliteExampleStore(db);
  const uniqueName = (name: string, write: () => void): void => {
    try {
      write();
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateTestName(name);
      throw error;
    }
  };
  return {
    createEnvironment: (input) => void environments.createNow(input),
    mergeEnvironment: (name, update) => void environments.updateNow(name, update),
    createKeyGroup: (name, description) => {
      const id = newKeyGroupId();
      const now = nowIso();
      db.prepare('INSERT INTO key_groups (id, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, name, description, now, now);
      return id;
    },
    describeKeyGroup: (id, description) =>
      void db.prepare('UPDATE key_groups SET description = ?, updated_at = ?, revision = revision + 1 WHERE id = ?').run(description, nowIso(), id),
    createApi: (draft, createdAt) => apis.insert(draft, createdAt),
    replaceApi: (id, draft) => {
      const record = apis.updateNow(id, draft)!;
      for (const deployment of record.deployments) apis.undeployNow(id, deployment.environment);
      examples.deleteAllNow(id);
      db.prepare('DELETE FROM api_tests WHERE api_id = ?').run(id);
      return record.latestVersion ?? 0;
    },
    addVersion: (id, version, definition, createdAt) => apis.insertVersion(id, version, JSON.stringify(definition), definitionHash(definition), createdAt),
    deploy: (id, environment, version) => apis.deployNow(id, environment, version),
    addExample: (id, example) => void examples.addNow(id, example),
    addTest: (id, test: ApiTestInput) => {
      const now = nowIso();
      uniqueName(test.name, () =>
        db.prepare('INSERT INTO api_tests (id, api_id, name, spec, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(newId('test'), id, test.name, specOf(test), now, now),
      );
    },
    suiteNames: () => (db.prepare('SELECT name FROM test_suites').all() as { name: string }[]).map((row) => row.name),
    apiExists: (id) => db.prepare('SELECT 1 FROM apis WHERE id = ?').get(id) !== undefined,
    addSuite: (suite: TestSuiteInput) => {
      const now = nowIso();
      uniqueName(suite.name, () =>
        db.prepare('INSERT INTO test_suites (id, name, spec, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(newId('suite'), suite.name, specOf(suite), now, now),
      );
    },
    liveDeployments: () => apis.liveNow(),
  };
}
