import type { PgDatabase } from '../storage/postgres.js';
import { pageOf, pageStatement, PgParams } from '../workspace/postgres/record-sql.js';
import { liveSource } from '../workspace/postgres/record-store.js';
import type { PageBudget } from '../workspace/record-queries.js';
import type { RecordPage, RecordPageQuery, StoredRecord } from '../workspace/record-store.js';

/** A row as the database sends it for the listener: its JSON text only when the record fits the budget. */
type SizedRow = { data: string | null; seq: number; sort_key: string | null };

/** The page read on the listener, or why it was not. */
export type PostgresPageRead = { page: RecordPage } | { refused: string };

/**
 * Page reads on PostgreSQL for the listener. The database does the reading, asynchronously and under
 * its statement timeout, so no index is needed for the listener to wait on it (unlike SQLite's
 * synchronous reads); it sends a record's text only when that is within the record cap, and the
 * listener parses the page only when all of it is within the page budget. Anything else is refused,
 * and the caller sends the request to a worker.
 */
export function postgresListenerPages(pg: PgDatabase, budget: PageBudget): (collection: string, query: RecordPageQuery) => Promise<PostgresPageRead> {
  return async (collection, query) => {
    if (query.count) return { refused: 'a count' };
    const params = new PgParams();
    const { text } = pageStatement(liveSource(collection), query, params, budget.recordBytes);
    // The filter's fields are written out in the published plan, so its shapes are bounded: named, parsed and planned once per connection.
    const rows = await pg.all<SizedRow>(pg.shaped(text), params.values);
    const parsed: { data: StoredRecord; seq: number; sort_key: string | null }[] = [];
    let characters = 0;
    for (const { data, seq, sort_key } of rows) {
      if (data === null) return { refused: `a record over ${budget.recordBytes} bytes` };
      characters += data.length;
      if (characters > budget.pageCharacters) return { refused: `a page over ${budget.pageCharacters} characters` };
      parsed.push({ data: JSON.parse(data) as StoredRecord, seq, sort_key });
    }
    return { page: pageOf(parsed, query) };
  };
}
