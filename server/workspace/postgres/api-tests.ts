import type { ApiTest, ApiTestInput, TestSuite, TestSuiteInput } from '../../../shared/model/api-tests.js';
import type { PgDatabase } from '../../storage/postgres.js';
import { DuplicateTestName, specOf, toSuite, toTest, type ApiTestStore, type SuiteRow, type TestRow } from '../api-tests.js';
import { nowIso } from '../db.js';
import { newId } from '../ids.js';
import { storageErrorOf } from '../storage-errors.js';

/** PostgreSQL's unique_violation: the lower(name) index says the name is taken. */
const UNIQUE_VIOLATION = '23505';

/** A write whose name may be taken: DuplicateTestName then, a StorageFullError for a full disk. */
async function named<T>(name: string, what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === UNIQUE_VIOLATION) throw new DuplicateTestName(name);
    throw storageErrorOf(error, what);
  }
}

/** The ApiTestStore of a PostgreSQL workspace: the same rows, order and errors as SqliteApiTestStore. */
export class PostgresApiTestStore implements ApiTestStore {
  constructor(private readonly pg: PgDatabase) {}

  async list(apiId: string): Promise<ApiTest[]> {
    return (await this.pg.all<TestRow>('SELECT * FROM api_tests WHERE api_id = $1 ORDER BY created_at, seq', [apiId])).map(toTest);
  }

  async all(): Promise<ApiTest[]> {
    const rows = await this.pg.all<TestRow>('SELECT t.* FROM api_tests t JOIN apis a ON a.id = t.api_id ORDER BY a.created_at, a.seq, t.created_at, t.seq');
    return rows.map(toTest);
  }

  async count(apiId: string): Promise<number> {
    return (await this.pg.one<{ n: number }>('SELECT COUNT(*) AS n FROM api_tests WHERE api_id = $1', [apiId]))!.n;
  }

  async get(apiId: string, id: string): Promise<ApiTest | undefined> {
    const row = await this.pg.one<TestRow>('SELECT * FROM api_tests WHERE id = $1 AND api_id = $2', [id, apiId]);
    return row && toTest(row);
  }

  async find(id: string): Promise<ApiTest | undefined> {
    const row = await this.pg.one<TestRow>('SELECT * FROM api_tests WHERE id = $1', [id]);
    return row && toTest(row);
  }

  async create(apiId: string, input: ApiTestInput, createdAt: string = nowIso()): Promise<ApiTest> {
    const row = await named(input.name, `the test "${input.name}"`, () =>
      this.pg.one<TestRow>(
        'INSERT INTO api_tests (id, api_id, name, spec, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING *',
        [newId('test'), apiId, input.name, specOf(input), createdAt],
      ),
    );
    return toTest(row!);
  }

  async update(apiId: string, id: string, input: ApiTestInput, revision: number): Promise<ApiTest | undefined> {
    const row = await named(input.name, `the test "${input.name}"`, () =>
      this.pg.one<TestRow>(
        `UPDATE api_tests SET name = $1, spec = $2, updated_at = $3, revision = revision + 1
          WHERE id = $4 AND api_id = $5 AND revision = $6 RETURNING *`,
        [input.name, specOf(input), nowIso(), id, apiId, revision],
      ),
    );
    return row && toTest(row);
  }

  async delete(apiId: string, id: string): Promise<boolean> {
    return (await this.pg.run('DELETE FROM api_tests WHERE id = $1 AND api_id = $2', [id, apiId])) > 0;
  }

  async deleteAll(apiId: string): Promise<void> {
    await this.pg.run('DELETE FROM api_tests WHERE api_id = $1', [apiId]);
  }

  async suites(): Promise<TestSuite[]> {
    return (await this.pg.all<SuiteRow>('SELECT * FROM test_suites ORDER BY created_at, seq')).map(toSuite);
  }

  async suite(id: string): Promise<TestSuite | undefined> {
    const row = await this.pg.one<SuiteRow>('SELECT * FROM test_suites WHERE id = $1', [id]);
    return row && toSuite(row);
  }

  async suiteByName(name: string): Promise<TestSuite | undefined> {
    const row = await this.pg.one<SuiteRow>('SELECT * FROM test_suites WHERE lower(name) = lower($1)', [name]);
    return row && toSuite(row);
  }

  async suiteCount(): Promise<number> {
    return (await this.pg.one<{ n: number }>('SELECT COUNT(*) AS n FROM test_suites'))!.n;
  }

  async createSuite(input: TestSuiteInput, createdAt: string = nowIso()): Promise<TestSuite> {
    const row = await named(input.name, `the suite "${input.name}"`, () =>
      this.pg.one<SuiteRow>(
        'INSERT INTO test_suites (id, name, spec, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING *',
        [newId('suite'), input.name, specOf(input), createdAt],
      ),
    );
    return toSuite(row!);
  }

  async updateSuite(id: string, input: TestSuiteInput, revision?: number): Promise<TestSuite | undefined> {
    const row = await named(input.name, `the suite "${input.name}"`, () =>
      this.pg.one<SuiteRow>(
        `UPDATE test_suites SET name = $1, spec = $2, updated_at = $3, revision = revision + 1
          WHERE id = $4 AND ($5::integer IS NULL OR revision = $5) RETURNING *`,
        [input.name, specOf(input), nowIso(), id, revision ?? null],
      ),
    );
    return row && toSuite(row);
  }

  async deleteSuite(id: string): Promise<boolean> {
    return (await this.pg.run('DELETE FROM test_suites WHERE id = $1', [id])) > 0;
  }
}
