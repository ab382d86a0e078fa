import type { ApiExample, ApiExampleInput } from '../../../shared/model/api-example.js';
import { MAX_EXAMPLES_PER_API } from '../../../shared/model/api-example.js';
import { examplesByApi, examplesChanged, toExample, tooManyExamples, type ExampleRow, type ExampleStore } from '../../openapi/examples.js';
import type { PgDatabase, Queryable } from '../../storage/postgres.js';
import { nowIso } from '../db.js';
import { newId } from '../ids.js';

/** Creation order, then the id in byte order (as SQLite sorts it). */
const ORDER = 'ORDER BY created_at, id COLLATE "C"';

export class PostgresExampleStore implements ExampleStore {
  constructor(private readonly pg: PgDatabase) {}

  async list(apiId: string): Promise<ApiExample[]> {
    return (await this.pg.all<ExampleRow>(`SELECT * FROM api_examples WHERE api_id = $1 ${ORDER}`, [apiId])).map(toExample);
  }

  async all(): Promise<Map<string, ApiExample[]>> {
    return examplesByApi(await this.pg.all<ExampleRow>(`SELECT * FROM api_examples ${ORDER}`));
  }

  async add(apiId: string, input: ApiExampleInput): Promise<ApiExample> {
    return this.pg.transaction(async (client) => toExample((await this.pg.one<ExampleRow>('SELECT * FROM api_examples WHERE id = $1', [await this.addOn(client, apiId, input)], client))!));
  }

  /** Inside the caller's transaction; the API's row is locked so two replicas cannot both take the last place. */
  async addOn(client: Queryable, apiId: string, input: ApiExampleInput): Promise<string> {
    await this.pg.one('SELECT 1 FROM apis WHERE id = $1 FOR UPDATE', [apiId], client);
    const count = (await this.pg.one<{ n: number }>('SELECT COUNT(*) AS n FROM api_examples WHERE api_id = $1', [apiId], client))!.n;
    if (count >= MAX_EXAMPLES_PER_API) throw tooManyExamples();
    const id = newId('ex');
    examplesChanged();
    await this.pg.run(
      'INSERT INTO api_examples (id, api_id, name, request, response, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [id, apiId, input.name, JSON.stringify(input.request), JSON.stringify(input.response), nowIso()],
      client,
    );
    return id;
  }

  async deleteAllOn(client: Queryable, apiId: string): Promise<void> {
    examplesChanged();
    await this.pg.run('DELETE FROM api_examples WHERE api_id = $1', [apiId], client);
  }

  async delete(apiId: string, id: string): Promise<boolean> {
    examplesChanged();
    return (await this.pg.run('DELETE FROM api_examples WHERE id = $1 AND api_id = $2', [id, apiId])) > 0;
  }
}
