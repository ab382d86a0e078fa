import type { Db } from '../workspace/db.js';

/** The request_log columns a row fills, in the order its values are encoded (see logRowValues). */
export const LOG_COLUMNS = 'request_id, time, environment, api_id, version, method, path, status, latency_ms, token_id, ip, request_bytes, response_bytes, error_code, source';
const COLUMN_COUNT = 15;
const ROW_PLACEHOLDER = `(${Array(COLUMN_COUNT).fill('?').join(',')})`;
/** Many rows per statement: one call into SQLite per hundred rows instead of per row. */
const INSERT_BATCH = 100;

/** One row's values, in LOG_COLUMNS order. */
export type LogRowValues = unknown[];

/** Writes request-log rows and prunes the oldest, on whichever connection it is given (the log writer's own). */
export class LogRowWriter {
  private readonly insertOne;
  private readonly insertMany;
  private readonly prune;

  constructor(
    private readonly db: Db,
    private readonly maxRows: number,
  ) {
    this.insertOne = db.prepare(`INSERT INTO request_log (${LOG_COLUMNS}) VALUES ${ROW_PLACEHOLDER}`);
    this.insertMany = db.prepare(`INSERT INTO request_log (${LOG_COLUMNS}) VALUES ${Array(INSERT_BATCH).fill(ROW_PLACEHOLDER).join(',')}`);
    this.prune = db.prepare(
      `DELETE FROM request_log WHERE seq < (SELECT MIN(seq) FROM request_log) + ? AND seq <= (SELECT MAX(seq) FROM request_log) - ?`,
    );
  }

  /** All rows in one transaction; throws (nothing written) when the disk cannot take them. */
  write(rows: readonly LogRowValues[]): void {
    this.db.transaction(() => {
      let index = 0;
      for (; index + INSERT_BATCH <= rows.length; index += INSERT_BATCH) {
        const values: unknown[] = [];
        for (let i = index; i < index + INSERT_BATCH; i++) values.push(...rows[i]!);
        this.insertMany.run(values);
      }
      for (; index < rows.length; index++) this.insertOne.run(rows[index]!);
    })();
  }

  /** Prunes as it goes, a few rows more than were written, so the log stays bounded without one long delete. */
  pruneAfter(written: number): void {
    this.prune.run(written * 2, this.maxRows);
  }
}
