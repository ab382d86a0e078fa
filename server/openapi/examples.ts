import { MAX_EXAMPLES_PER_API, type ApiExample, type ApiExampleInput } from '../../shared/model/api-example.js';
import { HttpError } from '../http/errors.js';
import { byEngine, type Storage } from '../storage/storage.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../workspace/db.js';
import { nowIso } from '../workspace/db.js';
import { newId } from '../workspace/ids.js';
import { PostgresExampleStore } from '../workspace/postgres/examples.js';

export type ExampleRow = { id: string; api_id: string; name: string; request: string; response: string; created_at: string };

export const toExample = (row: ExampleRow): ApiExample => ({
  id: row.id,
  apiId: row.api_id,
  name: row.name,
  request: JSON.parse(row.request) as ApiExample['request'],
  response: JSON.parse(row.response) as ApiExample['response'],
  createdAt: row.created_at,
});

/** Raised by every change of examples in this process, whichever store made it: cached OpenAPI documents showing them are stale. */
let examplesGeneration = 0;
export const examplesChanges = (): number => examplesGeneration;
export const examplesChanged = (): void => {
  examplesGeneration += 1;
};

export const tooManyExamples = (): HttpError =>
  new HttpError(409, 'too_many_examples', `An API keeps at most ${MAX_EXAMPLES_PER_API} examples: delete one first`);

/** Every API's examples, by API id, from rows in creation order. */
export function examplesByApi(rows: ExampleRow[]): Map<string, ApiExample[]> {
  const byApi = new Map<string, ApiExample[]>();
  for (const row of rows) {
    const list = byApi.get(row.api_id) ?? [];
    list.push(toExample(row));
    byApi.set(row.api_id, list);
  }
  return byApi;
}

/** Examples per API (table `api_examples`); deleting an API deletes its examples (ON DELETE CASCADE). One class per storage engine. */
export interface ExampleStore {
  list(apiId: string): Promise<ApiExample[]>;
  /** Every API's examples, by API id. */
  all(): Promise<Map<string, ApiExample[]>>;
  /** 409 too_many_examples past MAX_EXAMPLES_PER_API. */
  add(apiId: string, input: ApiExampleInput): Promise<ApiExample>;
  delete(apiId: string, id: string): Promise<boolean>;
}

export function exampleStoreFor(storage: Storage): ExampleStore {
  return byEngine<ExampleStore>(storage, { sqlite: (db) => new SqliteExampleStore(db), postgres: (pg) => new PostgresExampleStore(pg) });
}

export class SqliteExampleStore implements ExampleStore {
  /** Each SQL text prepared once: every OpenAPI build reads all examples. */
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  async list(apiId: string): Promise<ApiExample[]> {
    const rows = this.sql('SELECT * FROM api_examples WHERE api_id = ? ORDER BY created_at, id').all(apiId) as ExampleRow[];
    return rows.map(toExample);
  }

  async all(): Promise<Map<string, ApiExample[]>> {
    return examplesByApi(this.sql('SELECT * FROM api_examples ORDER BY created_at, id').all() as ExampleRow[]);
  }

  async add(apiId: string, input: ApiExampleInput): Promise<ApiExample> {
    return toExample(this.sql('SELECT * FROM api_examples WHERE id = ?').get(this.addNow(apiId, input)) as ExampleRow);
  }

  /** add, synchronously (the import's transaction); answers the new example's id. */
  addNow(apiId: string, input: ApiExampleInput): string {
    const count = (this.sql('SELECT COUNT(*) AS n FROM api_examples WHERE api_id = ?').get(apiId) as { n: number }).n;
    if (count >= MAX_EXAMPLES_PER_API) throw tooManyExamples();
    const id = newId('ex');
    examplesChanged();
    this.sql('INSERT INTO api_examples (id, api_id, name, request, response, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, apiId, input.name, JSON.stringify(input.request), JSON.stringify(input.response), nowIso());
    return id;
  }

  /** Every example of the API, synchronously (the import replacing it). */
  deleteAllNow(apiId: string): void {
    examplesChanged();
    this.sql('DELETE FROM api_examples WHERE api_id = ?').run(apiId);
  }

  async delete(apiId: string, id: string): Promise<boolean> {
    examplesChanged();
    return this.sql('DELETE FROM api_examples WHERE id = ? AND api_id = ?').run(id, apiId).changes > 0;
  }
}
