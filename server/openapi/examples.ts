import { MAX_EXAMPLES_PER_API, type ApiExample, type ApiExampleInput } from '../../shared/model/api-example.js';
import { HttpError } from '../http/errors.js';
import type { Db } from '../workspace/db.js';
import { nowIso } from '../workspace/db.js';
import { newId } from '../workspace/ids.js';

type ExampleRow = { id: string; api_id: string; name: string; request: string; response: string; created_at: string };

const toExample = (row: ExampleRow): ApiExample => ({
  id: row.id,
  apiId: row.api_id,
  name: row.name,
  request: JSON.parse(row.request) as ApiExample['request'],
  response: JSON.parse(row.response) as ApiExample['response'],
  createdAt: row.created_at,
});

/** Raised by every change of examples in this process, whichever repository made it: cached OpenAPI documents showing them are stale. */
let examplesGeneration = 0;
export const examplesChanges = (): number => examplesGeneration;

/** Examples per API (table `api_examples`); deleting an API deletes its examples (ON DELETE CASCADE). */
export class ExampleRepository {
  constructor(private readonly db: Db) {}

  list(apiId: string): ApiExample[] {
    const rows = this.db.prepare('SELECT * FROM api_examples WHERE api_id = ? ORDER BY created_at, id').all(apiId) as ExampleRow[];
    return rows.map(toExample);
  }

  /** Every API's examples, by API id. */
  all(): Map<string, ApiExample[]> {
    const byApi = new Map<string, ApiExample[]>();
    for (const row of this.db.prepare('SELECT * FROM api_examples ORDER BY created_at, id').all() as ExampleRow[]) {
      const list = byApi.get(row.api_id) ?? [];
      list.push(toExample(row));
      byApi.set(row.api_id, list);
    }
    return byApi;
  }

  add(apiId: string, input: ApiExampleInput): ApiExample {
    const count = (this.db.prepare('SELECT COUNT(*) AS n FROM api_examples WHERE api_id = ?').get(apiId) as { n: number }).n;
    if (count >= MAX_EXAMPLES_PER_API) {
      throw new HttpError(409, 'too_many_examples', `An API keeps at most ${MAX_EXAMPLES_PER_API} examples: delete one first`);
    }
    const id = newId('ex');
    examplesGeneration += 1;
    this.db
      .prepare('INSERT INTO api_examples (id, api_id, name, request, response, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, apiId, input.name, JSON.stringify(input.request), JSON.stringify(input.response), nowIso());
    return toExample(this.db.prepare('SELECT * FROM api_examples WHERE id = ?').get(id) as ExampleRow);
  }

  deleteAll(apiId: string): void {
    examplesGeneration += 1;
    this.db.prepare('DELETE FROM api_examples WHERE api_id = ?').run(apiId);
  }

  delete(apiId: string, id: string): boolean {
    examplesGeneration += 1;
    return this.db.prepare('DELETE FROM api_examples WHERE id = ? AND api_id = ?').run(id, apiId).changes > 0;
  }
}
