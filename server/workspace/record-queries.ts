import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import { decodeCursor, encodeCursor, type PagePosition } from './record-cursor.js';
import { fieldPath, keyOf, keyTable } from './record-keys.js';
import type { RecordPage, RecordPageQuery, RecordQuery, StoredRecord } from './record-store.js';

/** Distinct query shapes whose prepared statements are kept; past this the cache starts over. */
const MAX_CACHED_STATEMENTS = 500;

type ReadyIndex = { id: number; fields: string[] };
/** One field = value of a filter; objects and arrays compare as JSON, so no index holds them. */
type Condition = { field: string; value: string | number | null; scalar: boolean };
/** The index a query reads, the filter condition it answers and the key column that holds the sort field. */
type IndexUse = { index: ReadyIndex; equal?: Condition; sortColumn?: 'k1' | 'k2' };
type Sql = { text: string[]; params: unknown[] };
type PageRow = { data: string; seq: number; sortKey?: string | number };
/** A row read under a size cap, as an array (cheaper than an object): its text only when that fits, its seq, its sort key. */
type SizedPageRow = [data: string | null, seq: number, sortKey?: string | number];
/** What a bounded page may hold: stored bytes of one record, and characters of JSON text of all its rows together. */
export type PageBudget = { recordBytes: number; pageCharacters: number };

const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** JSON values as SQLite's json_extract returns them, so equality can be tested in SQL. */
function sqlValue(value: unknown): string | number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' || typeof value === 'number') return value;
  return JSON.stringify(value);
}

function conditionsOf(filter: Record<string, unknown>): Condition[] {
  return Object.entries(filter)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([field, value]) => {
      fieldPath(field);
      return { field, value: sqlValue(value), scalar: typeof value !== 'object' };
    });
}

/** `json_extract(r.data, '$."team"') = ?`: a condition tested on the record itself. */
function residual(condition: Condition): string {
  const path = literal(fieldPath(condition.field));
  return condition.scalar ? `json_extract(r.data, ${path}) = ?` : `json(json_extract(r.data, ${path})) = json(?)`;
}

const sameFields = (index: ReadyIndex, fields: readonly string[]): boolean =>
  index.fields.length === fields.length && index.fields.every((field, at) => field === fields[at]);

/** The best ready index for a filter and sort: equality then sort, else sort alone, else equality alone (unsorted). */
function chooseIndex(ready: readonly ReadyIndex[], conditions: readonly Condition[], sortField: string): IndexUse | undefined {
  const find = (fields: readonly string[]): ReadyIndex | undefined => ready.find((index) => sameFields(index, fields));
  const equalities = conditions.filter((condition) => condition.scalar);
  if (sortField) {
    for (const equal of equalities) {
      const index = equal.field === sortField ? find([sortField]) : find([equal.field, sortField]);
      if (index) return { index, equal, sortColumn: index.fields.length === 1 ? 'k1' : 'k2' };
    }
    const index = find([sortField]);
    return index && { index, sortColumn: 'k1' };
  }
  for (const equal of equalities) {
    const index = find([equal.field]);
    if (index) return { index, equal };
  }
  return undefined;
}

/**
 * Reads records for record.query: keyset pages (version 2) and offset pages with a total (version 1).
 * Each distinct query shape is prepared once; a filter on an indexed field reads that index's keys.
 */
export class RecordQueries {
  private readonly statements = new Map<string, Statement>();
  private readonly readyIndexes: Statement;
  private readonly collectionCount: Statement;

  /** Read transactions, made once: deferred, so a read never takes the write lock (db.ts makes `transaction()` IMMEDIATE). */
  private readonly inSnapshot: {
    page: (collection: string, query: RecordPageQuery) => RecordPage;
    legacy: (collection: string, query: RecordQuery) => { items: StoredRecord[]; total: number };
    bounded: (collection: string, query: RecordPageQuery, budget: PageBudget) => RecordPage | undefined;
  };

  constructor(private readonly db: Db) {
    this.readyIndexes = db.prepare("SELECT id, fields FROM record_indexes WHERE collection = ? AND state = 'ready' ORDER BY id");
    this.collectionCount = db.prepare('SELECT IFNULL((SELECT records FROM record_counts WHERE collection = ?), 0) AS n');
    this.inSnapshot = {
      page: db.transaction((collection: string, query: RecordPageQuery) => this.readPage(collection, query)).deferred,
      legacy: db.transaction((collection: string, query: RecordQuery) => this.readLegacy(collection, query)).deferred,
      bounded: db.transaction((collection: string, query: RecordPageQuery, budget: PageBudget) => this.readBoundedPage(collection, query, budget)).deferred,
    };
  }

  /** The index catalogue and the query read one snapshot, so an index being dropped is never read half-emptied. */
  page(collection: string, query: RecordPageQuery): RecordPage {
    return this.inSnapshot.page(collection, query);
  }

  legacy(collection: string, query: RecordQuery): { items: StoredRecord[]; total: number } {
    return this.inSnapshot.legacy(collection, query);
  }

  /** SQLite's plan for a page of this query: which index it reads (for tests and the store browser). */
  planOf(collection: string, query: RecordPageQuery): string[] {
    const { sql } = this.pageSql(collection, query);
    return (this.db.prepare(`EXPLAIN QUERY PLAN ${sql.text.join('\n')}`).all(...sql.params) as { detail: string }[]).map((row) => row.detail);
  }

  /**
   * A page whose reading is bounded by its limit, or undefined when it is not: an index (or insertion
   * order) hands the rows over in order with no condition left to test on each, no count is asked,
   * and the rows read stay within the budget (a row over its record cap is not even loaded).
   */
  boundedPage(collection: string, query: RecordPageQuery, budget: PageBudget): RecordPage | undefined {
    if (query.count) return undefined;
    return this.inSnapshot.bounded(collection, query, budget);
  }

  private readBoundedPage(collection: string, query: RecordPageQuery, budget: PageBudget): RecordPage | undefined {
    const { sql, use, rest, sorted } = this.pageSql(collection, query, budget.recordBytes);
    if (rest.length > 0 || (sorted && !use?.sortColumn)) return undefined;
    // At most limit + 1 rows, none over recordBytes: bounded even before the sum is checked (all() is cheaper than iterate()).
    const sized = this.statement(sql.text.join('\n')).raw(true).all(...sql.params) as SizedPageRow[];
    const rows: PageRow[] = [];
    let characters = 0;
    for (const [data, seq, sortKey] of sized) {
      if (data === null) return undefined;
      characters += data.length;
      if (characters > budget.pageCharacters) return undefined;
      rows.push({ data, seq, sortKey });
    }
    return this.pageOf(query, rows);
  }

  private readPage(collection: string, query: RecordPageQuery): RecordPage {
    const { sql, use, rest } = this.pageSql(collection, query);
    const rows = this.statement(sql.text.join('\n')).all(...sql.params) as PageRow[];
    const page = this.pageOf(query, rows);
    if (query.count) page.total = this.count(collection, use, rest);
    return page;
  }

  /** The page of up to limit + 1 rows read: the first `limit` records, and a cursor when there are more. */
  private pageOf(query: RecordPageQuery, rows: readonly PageRow[]): RecordPage {
    const items = rows.slice(0, query.limit).map((row) => JSON.parse(row.data) as StoredRecord);
    const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
    const position: PagePosition | undefined = last && { sort: query.sort, key: last.sortKey ?? 0, seq: last.seq };
    return { items, nextCursor: position ? encodeCursor(position) : null };
  }

  /** The page's SQL; with `sizedUnder`, a row gives its text only when it is at most so many bytes (null otherwise, the text not loaded). */
  private pageSql(collection: string, query: RecordPageQuery, sizedUnder?: number): { sql: Sql; use: IndexUse | undefined; rest: Condition[]; sorted: boolean } {
    const descending = query.sort.startsWith('-');
    const sortField = descending ? query.sort.slice(1) : query.sort;
    if (sortField) fieldPath(sortField);
    const after = query.cursor ? decodeCursor(query.cursor, query.sort) : undefined;
    const conditions = conditionsOf(query.filter);
    const use = chooseIndex(this.ready(collection), conditions, sortField);
    const direction = descending ? 'DESC' : 'ASC';

    const sql: Sql = { text: [], params: [] };
    const rest = conditions.filter((condition) => condition !== use?.equal);
    const sortKey = use?.sortColumn ? `k.${use.sortColumn}` : sortField ? keyOf('r', sortField) : undefined;
    const seq = use ? 'k.seq' : 'r.seq';
    if (sizedUnder === undefined) sql.text.push('SELECT r.data AS data');
    else {
      // octet_length reads the stored size without loading the text.
      sql.text.push('SELECT CASE WHEN octet_length(r.data) <= ? THEN r.data END AS data');
      sql.params.push(sizedUnder);
    }
    sql.text.push(`, ${seq} AS seq${sortKey ? `, ${sortKey} AS sortKey` : ''}`);
    const where = this.from(sql, collection, use, rest);
    if (after) {
      const comparison = descending ? '<' : '>';
      where.push(sortKey ? `(${sortKey}, ${seq}) ${comparison} (?, ?)` : `${seq} > ?`);
      sql.params.push(...(sortKey ? [after.key, after.seq] : [after.seq]));
    }
    sql.text.push(`WHERE ${where.join(' AND ') || '1'}`);
    sql.text.push(`ORDER BY ${sortKey ? `${sortKey} ${direction}, ` : ''}${seq} ${sortKey ? direction : 'ASC'} LIMIT ?`);
    sql.params.push(query.limit + 1);
    return { sql, use, rest, sorted: sortField !== '' };
  }

  /** Version 1: offset paging with a total. An index on a filter field narrows both to its matches. */
  private readLegacy(collection: string, query: RecordQuery): { items: StoredRecord[]; total: number } {
    const conditions = conditionsOf(query.filter);
    const use = chooseIndex(this.ready(collection), conditions, '') ?? this.anyIndexOn(collection, conditions);
    const where = ['r.collection = ?'];
    const params: unknown[] = [collection];
    for (const condition of conditions) {
      if (condition === use?.equal) where.push(`r.row_id IN (SELECT row_id FROM ${keyTable(use.index.id)} WHERE k1 = ?)`);
      else where.push(residual(condition));
      params.push(condition.value);
    }
    const descending = query.sort.startsWith('-');
    const sortField = descending ? query.sort.slice(1) : query.sort;
    // Records without the field sort first, as SQL's NULL does; ties keep insertion order.
    const order = sortField ? `json_extract(r.data, ${literal(fieldPath(sortField))}) ${descending ? 'DESC' : 'ASC'}, r.seq` : 'r.seq';
    const filtered = `FROM records AS r WHERE ${where.join(' AND ')}`;
    const total = (this.statement(`SELECT COUNT(*) AS n ${filtered}`).get(...params) as { n: number }).n;
    const rows = this.statement(`SELECT r.data AS data ${filtered} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params, query.limit, query.offset) as { data: string }[];
    return { items: rows.map((row) => JSON.parse(row.data) as StoredRecord), total };
  }

  /** Version 1 ignores the index's sort part: any index that starts with a filter field narrows the matches. */
  private anyIndexOn(collection: string, conditions: readonly Condition[]): IndexUse | undefined {
    const ready = this.ready(collection);
    for (const equal of conditions.filter((condition) => condition.scalar)) {
      const index = ready.find((candidate) => candidate.fields[0] === equal.field);
      if (index) return { index, equal };
    }
    return undefined;
  }

  /** Appends the FROM clause and answers the WHERE conditions shared by a page and its count. */
  private from(sql: Sql, collection: string, use: IndexUse | undefined, rest: readonly Condition[]): string[] {
    const where: string[] = [];
    if (use) {
      // The key table holds only this collection's records, and each row's id: one lookup a record.
      sql.text.push(`FROM ${keyTable(use.index.id)} AS k CROSS JOIN records AS r ON r.row_id = k.row_id`);
      if (use.equal) {
        where.push('k.k1 = ?');
        sql.params.push(use.equal.value);
      }
    } else {
      sql.text.push('FROM records AS r');
      where.push('r.collection = ?');
      sql.params.push(collection);
    }
    for (const condition of rest) {
      where.push(residual(condition));
      sql.params.push(condition.value);
    }
    return where;
  }

  private count(collection: string, use: IndexUse | undefined, rest: readonly Condition[]): number {
    if (rest.length === 0 && !use?.equal) return (this.collectionCount.get(collection) as { n: number }).n;
    if (use && rest.length === 0) {
      const keys = `SELECT COUNT(*) AS n FROM ${keyTable(use.index.id)} AS k WHERE k.k1 = ?`;
      return (this.statement(keys).get(use.equal!.value) as { n: number }).n;
    }
    const sql: Sql = { text: ['SELECT COUNT(*) AS n'], params: [] };
    const where = this.from(sql, collection, use, rest);
    sql.text.push(`WHERE ${where.join(' AND ') || '1'}`);
    return (this.statement(sql.text.join('\n')).get(...sql.params) as { n: number }).n;
  }

  private ready(collection: string): ReadyIndex[] {
    return (this.readyIndexes.all(collection) as { id: number; fields: string }[]).map((row) => ({ id: row.id, fields: JSON.parse(row.fields) as string[] }));
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
