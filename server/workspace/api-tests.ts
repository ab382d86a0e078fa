import type { ApiTest, ApiTestInput, TestSuite, TestSuiteInput } from '../../shared/model/api-tests.js';
import { byEngine, type Storage } from '../storage/storage.js';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { newId } from './ids.js';
import { PostgresApiTestStore } from './postgres/api-tests.js';
import { storageErrorOf } from './storage-errors.js';

/**
 * Tests per API (deleted with their API) and suites across APIs, on either engine. Lists come in
 * the order they were made; a name taken (in any case) throws DuplicateTestName; a write against a
 * stale revision (or a missing row) answers undefined.
 */
export interface ApiTestStore {
  list(apiId: string): Promise<ApiTest[]>;
  /** Every API's tests, APIs in the order the API list shows them. */
  all(): Promise<ApiTest[]>;
  count(apiId: string): Promise<number>;
  get(apiId: string, id: string): Promise<ApiTest | undefined>;
  /** A test by its id alone, whichever API it belongs to. */
  find(id: string): Promise<ApiTest | undefined>;
  create(apiId: string, input: ApiTestInput, createdAt?: string): Promise<ApiTest>;
  /** Replaces the test when `revision` is still the stored one; undefined otherwise (or when there is no such test). */
  update(apiId: string, id: string, input: ApiTestInput, revision: number): Promise<ApiTest | undefined>;
  delete(apiId: string, id: string): Promise<boolean>;
  deleteAll(apiId: string): Promise<void>;
  suites(): Promise<TestSuite[]>;
  suite(id: string): Promise<TestSuite | undefined>;
  suiteByName(name: string): Promise<TestSuite | undefined>;
  suiteCount(): Promise<number>;
  createSuite(input: TestSuiteInput, createdAt?: string): Promise<TestSuite>;
  /** Replaces the suite; with `revision`, only when that is still the stored one. */
  updateSuite(id: string, input: TestSuiteInput, revision?: number): Promise<TestSuite | undefined>;
  deleteSuite(id: string): Promise<boolean>;
}

/** The API tests of a workspace, on its engine. */
export function apiTestStoreFor(storage: Storage): ApiTestStore {
  return byEngine<ApiTestStore>(storage, { sqlite: (db) => new SqliteApiTestStore(db), postgres: (pg) => new PostgresApiTestStore(pg) });
}

export type TestRow = { id: string; name: string; spec: string; revision: number; created_at: string; updated_at: string; api_id: string };
export type SuiteRow = Omit<TestRow, 'api_id'>;
type Row = SuiteRow;

/** The stored spec is the input without its name, which has its own column for uniqueness. */
export const specOf = ({ name: _name, ...spec }: { name: string }): string => JSON.stringify(spec);

export const toTest = (row: TestRow): ApiTest => ({
  ...(JSON.parse(row.spec) as Omit<ApiTestInput, 'name'>),
  name: row.name,
  id: row.id,
  apiId: row.api_id,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  revision: row.revision,
});

export const toSuite = (row: Row): TestSuite => ({
  ...(JSON.parse(row.spec) as Omit<TestSuiteInput, 'name'>),
  name: row.name,
  id: row.id,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  revision: row.revision,
});

/** Thrown when a name is taken (names are unique per API for tests, per workspace for suites, in any case). */
export class DuplicateTestName extends Error {
  constructor(readonly takenName: string) {
    super(`The name "${takenName}" is taken`);
    this.name = 'DuplicateTestName';
  }
}

const isUniqueViolation = (error: unknown): boolean => error instanceof Error && (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';

/** A write whose name may be taken: DuplicateTestName then, a StorageFullError for a full or failing disk. */
function unique<T>(name: string, what: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateTestName(name);
    throw storageErrorOf(error, what);
  }
}

/** The ApiTestStore of a SQLite workspace: tests per API (table `api_tests`) and suites (`test_suites`). */
export class SqliteApiTestStore implements ApiTestStore {
  constructor(private readonly db: Db) {}

  async list(apiId: string): Promise<ApiTest[]> {
    return (this.db.prepare('SELECT * FROM api_tests WHERE api_id = ? ORDER BY created_at, rowid').all(apiId) as TestRow[]).map(toTest);
  }

  async all(): Promise<ApiTest[]> {
    const rows = this.db
      .prepare('SELECT t.* FROM api_tests t JOIN apis a ON a.id = t.api_id ORDER BY a.created_at, a.rowid, t.created_at, t.rowid')
      .all() as TestRow[];
    return rows.map(toTest);
  }

  async count(apiId: string): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM api_tests WHERE api_id = ?').get(apiId) as { n: number }).n;
  }

  async get(apiId: string, id: string): Promise<ApiTest | undefined> {
    return this.getNow(apiId, id);
  }

  async find(id: string): Promise<ApiTest | undefined> {
    const row = this.db.prepare('SELECT * FROM api_tests WHERE id = ?').get(id) as TestRow | undefined;
    return row && toTest(row);
  }

  async create(apiId: string, input: ApiTestInput, createdAt: string = nowIso()): Promise<ApiTest> {
    const id = newId('test');
    unique(input.name, `the test "${input.name}"`, () =>
      this.db
        .prepare('INSERT INTO api_tests (id, api_id, name, spec, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, apiId, input.name, specOf(input), createdAt, createdAt),
    );
    return this.getNow(apiId, id)!;
  }

  async update(apiId: string, id: string, input: ApiTestInput, revision: number): Promise<ApiTest | undefined> {
    const result = unique(input.name, `the test "${input.name}"`, () =>
      this.db
        .prepare('UPDATE api_tests SET name = ?, spec = ?, updated_at = ?, revision = revision + 1 WHERE id = ? AND api_id = ? AND revision = ?')
        .run(input.name, specOf(input), nowIso(), id, apiId, revision),
    );
    return result.changes === 0 ? undefined : this.getNow(apiId, id);
  }

  async delete(apiId: string, id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM api_tests WHERE id = ? AND api_id = ?').run(id, apiId).changes > 0;
  }

  async deleteAll(apiId: string): Promise<void> {
    this.db.prepare('DELETE FROM api_tests WHERE api_id = ?').run(apiId);
  }

  async suites(): Promise<TestSuite[]> {
    return (this.db.prepare('SELECT * FROM test_suites ORDER BY created_at, rowid').all() as Row[]).map(toSuite);
  }

  async suite(id: string): Promise<TestSuite | undefined> {
    return this.suiteNow(id);
  }

  async suiteByName(name: string): Promise<TestSuite | undefined> {
    const row = this.db.prepare('SELECT * FROM test_suites WHERE name = ? COLLATE NOCASE').get(name) as Row | undefined;
    return row && toSuite(row);
  }

  async suiteCount(): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM test_suites').get() as { n: number }).n;
  }

  async createSuite(input: TestSuiteInput, createdAt: string = nowIso()): Promise<TestSuite> {
    const id = newId('suite');
    unique(input.name, `the suite "${input.name}"`, () =>
      this.db.prepare('INSERT INTO test_suites (id, name, spec, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, input.name, specOf(input), createdAt, createdAt),
    );
    return this.suiteNow(id)!;
  }

  async updateSuite(id: string, input: TestSuiteInput, revision?: number): Promise<TestSuite | undefined> {
    const result = unique(input.name, `the suite "${input.name}"`, () =>
      this.db
        .prepare('UPDATE test_suites SET name = ?, spec = ?, updated_at = ?, revision = revision + 1 WHERE id = ? AND (? IS NULL OR revision = ?)')
        .run(input.name, specOf(input), nowIso(), id, revision ?? null, revision ?? null),
    );
    return result.changes === 0 ? undefined : this.suiteNow(id);
  }

  async deleteSuite(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM test_suites WHERE id = ?').run(id).changes > 0;
  }

  private getNow(apiId: string, id: string): ApiTest | undefined {
    const row = this.db.prepare('SELECT * FROM api_tests WHERE id = ? AND api_id = ?').get(id, apiId) as TestRow | undefined;
    return row && toTest(row);
  }

  private suiteNow(id: string): TestSuite | undefined {
    const row = this.db.prepare('SELECT * FROM test_suites WHERE id = ?').get(id) as Row | undefined;
    return row && toSuite(row);
  }
}
