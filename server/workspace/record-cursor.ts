import { MISSING_KEY } from './record-keys.js';
import { InvalidCursor } from './record-store.js';

/** Where the next page starts: after the record with this sort key and seq, for one sort order. */
export type PagePosition = { sort: string; key: string | number; seq: number };

/** A cursor is small; past this it did not come from us. */
const MAX_CURSOR_CHARS = 4096;
const CURSOR_VERSION = 1;

/** Opaque to callers: base64url of `{v, s, k, q}`, the missing key written as `m: 1` since JSON has no -Infinity. */
export function encodeCursor(position: PagePosition): string {
  const key = position.key === MISSING_KEY ? { m: 1 } : { k: position.key };
  return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, s: position.sort, ...key, q: position.seq })).toString('base64url');
}

export function decodeCursor(cursor: string, sort: string): PagePosition {
  if (cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursor('it is not a cursor');
  const bytes = Buffer.from(cursor, 'base64url');
  // Node's decoder drops stray trailing characters: a cursor that is not exactly what we encoded was changed.
  if (bytes.toString('base64url') !== cursor) throw new InvalidCursor('it is not a cursor');
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new InvalidCursor('it is not a cursor');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidCursor('it is not a cursor');
  const { v, s, k, m, q } = parsed as Record<string, unknown>;
  if (v !== CURSOR_VERSION) throw new InvalidCursor('it is not a cursor');
  if (s !== sort) throw new InvalidCursor(`it pages a query sorted by "${String(s) || 'insertion order'}", not "${sort || 'insertion order'}"`);
  if (typeof q !== 'number' || !Number.isSafeInteger(q) || q < 0) throw new InvalidCursor('it holds no position');
  if (m === 1) return { sort, key: MISSING_KEY, seq: q };
  if (typeof k === 'string' || (typeof k === 'number' && Number.isFinite(k))) return { sort, key: k, seq: q };
  throw new InvalidCursor('it holds no sort key');
}
