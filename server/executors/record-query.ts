import { DEFAULT_QUERY_LIMIT, MAX_QUERY_LIMIT } from '../../shared/nodes/record-query.js';
import { isPlainObject } from '../../shared/nodes/field-values.js';
import { InvalidCursor } from '../workspace/record-store.js';
import { preview } from './support.js';
import { NodeFailure, type ExecutorFactory } from './types.js';

/** Version 1: offset paging, `{items, total}`. */
export const recordQueryExecutor: ExecutorFactory<'record.query'> = ({ collection, filter, sort, limit, offset }, services) => async (scope) => {
  const query = {
    filter: filterOf(await filter(scope)),
    sort,
    limit: clamp(integerOf(await limit(scope), 'limit', DEFAULT_QUERY_LIMIT), 1, MAX_QUERY_LIMIT),
    offset: Math.max(0, integerOf(await offset(scope), 'offset', 0)),
  };
  return { port: 'out', output: await services.records.query(collection, query) };
};

/** Version 2: keyset paging, `{items, nextCursor}`, and `total` only when the node asks for it. */
export const recordQueryPageExecutor: ExecutorFactory<'record.query'> = ({ collection, filter, sort, limit, cursor, count }, services) => async (scope) => {
  const query = {
    filter: filterOf(await filter(scope)),
    sort,
    limit: clamp(integerOf(await limit(scope), 'limit', DEFAULT_QUERY_LIMIT), 1, MAX_QUERY_LIMIT),
    cursor: cursorOf(await cursor(scope)),
    count,
  };
  try {
    return { port: 'out', output: await services.records.page(collection, query) };
  } catch (error) {
    if (error instanceof InvalidCursor) throw new NodeFailure(error.code, error.message);
    throw error;
  }
};

/** An absent cursor (undefined, null, "") is the first page. */
function cursorOf(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new NodeFailure('invalid_cursor', `cursor must give a string, got ${preview(value)}`);
  return value;
}

/** Null or missing filter values are dropped, so `{"status": request.query.status}` means "any status" when absent. */
function filterOf(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw new NodeFailure('invalid_filter', `filter must give an object, got ${preview(value)}`);
  const filter: Record<string, unknown> = {};
  for (const [field, expected] of Object.entries(value)) {
    if (expected !== undefined && expected !== null) filter[field] = expected;
  }
  return filter;
}

/** Query-string numbers arrive as text, so "20" counts; absent means the default. */
function integerOf(value: unknown, field: string, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) {
    throw new NodeFailure(`invalid_${field}`, `${field} must give a number, got ${preview(value)}`);
  }
  return Math.trunc(number);
}

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));
