import Database from 'better-sqlite3';

/** Queries timed per kind of index; the median is reported. */
const QUERIES = 300;
const PAGE = 51;

export type IndexKind = { kind: string; buildMs: number; queryP50Ms: number; plan: string };

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeQueries(db: Database.Database, sql: string, valueOf: (n: number) => unknown): { p50: number; plan: string } {
  const statement = db.prepare(sql);
  const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(valueOf(0)) as { detail: string }[]).map((row) => row.detail).join(' | ');
  const times: number[] = [];
  for (let n = 0; n < QUERIES; n++) {
    const started = performance.now();
    for (const row of statement.all(valueOf(n)) as { data: string }[]) JSON.parse(row.data);
    times.push(performance.now() - started);
  }
  return { p50: medianOf(times), plan };
}

/**
 * The two native kinds of index the issue names, on the stopped server's workspace, against the
 * key table Flowgate keeps: how long each takes to build (a CREATE INDEX holds the write lock all
 * that time) and what an equality page costs with it. Measured in-process, without HTTP.
 */
export function compareIndexKinds(dbFile: string, collection: string, field: string, valueOf: (n: number) => unknown, keyTableSql: string): IndexKind[] {
  const db = new Database(dbFile);
  db.pragma('journal_mode = WAL');
  const results: IndexKind[] = [];
  const path = `'$."${field}"'`;
  try {
    const keyTable = timeQueries(db, keyTableSql, valueOf);
    results.push({ kind: 'key table (Flowgate: filled in chunks, kept by triggers)', buildMs: NaN, queryP50Ms: keyTable.p50, plan: keyTable.plan });

    let started = performance.now();
    db.exec(`CREATE INDEX bench_expression ON records(json_extract(data, ${path}), seq) WHERE collection = '${collection}'`);
    const expressionBuild = performance.now() - started;
    const expression = timeQueries(db, `SELECT data FROM records WHERE collection = '${collection}' AND json_extract(data, ${path}) = ? ORDER BY seq LIMIT ${PAGE}`, valueOf);
    results.push({ kind: 'expression index (partial, per collection)', buildMs: expressionBuild, queryP50Ms: expression.p50, plan: expression.plan });
    db.exec('DROP INDEX bench_expression');

    started = performance.now();
    db.exec(`ALTER TABLE records ADD COLUMN bench_generated ANY GENERATED ALWAYS AS (json_extract(data, ${path})) VIRTUAL`);
    db.exec(`CREATE INDEX bench_generated_index ON records(bench_generated, seq) WHERE collection = '${collection}'`);
    const generatedBuild = performance.now() - started;
    const generated = timeQueries(db, `SELECT data FROM records WHERE collection = '${collection}' AND bench_generated = ? ORDER BY seq LIMIT ${PAGE}`, valueOf);
    results.push({ kind: 'generated column + index', buildMs: generatedBuild, queryP50Ms: generated.p50, plan: generated.plan });
    db.exec('DROP INDEX bench_generated_index');
    db.exec('ALTER TABLE records DROP COLUMN bench_generated');
  } finally {
    db.close();
  }
  return results;
}
