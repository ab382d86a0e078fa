import { describeShape, objectAt, type Shape } from '../../../shared/nodes/shape.js';

/** One row of the data panel: a name, the path it is read by, its shape and the last run's value. */
export type DataRow = { name: string; path: readonly string[]; shape: Shape; sample: unknown; children: DataRow[] | null; hidden: number };

/** Rows listed under one field at most; the rest are counted. */
export const MAX_CHILD_ROWS = 50;
/** How deep the tree goes: outputs nest deeper rarely, and a path that long is better typed. */
const MAX_ROW_DEPTH = 6;
/** Characters of a value shown beside its name. */
const MAX_PREVIEW_CHARS = 40;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names JSONata reads as something else in a path; they need backquotes there. */
const RESERVED = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);

/** How an expression reads a chain of names: `steps.user.email`, with backquotes around names that are not plain words. */
export function pathText(names: readonly string[]): string {
  return names.map((name) => (IDENTIFIER.test(name) && !RESERVED.has(name) ? name : `\`${name.replace(/`/g, '')}\``)).join('.');
}

/** A field of a sample, through arrays as the path reads it (their first item). */
function sampleField(sample: unknown, name: string): unknown {
  const value = Array.isArray(sample) ? sample[0] : sample;
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** The rows under a shape: an object's fields, or an array's items' fields (JSONata maps over them). */
export function dataRow(name: string, path: readonly string[], shape: Shape, sample: unknown, depth = 0): DataRow {
  const inner = objectAt(shape);
  if (inner.type !== 'object' || depth >= MAX_ROW_DEPTH) return { name, path, shape, sample, children: null, hidden: 0 };
  const fields = Object.entries(inner.fields);
  const children = fields.slice(0, MAX_CHILD_ROWS).map(([field, fieldShape]) => dataRow(field, [...path, field], fieldShape, sampleField(sample, field), depth + 1));
  return { name, path, shape, sample, children, hidden: Math.max(0, fields.length - MAX_CHILD_ROWS) };
}

/** What a row shows beside its name: the last run's value, shortened, or the shape's type when there was no run. */
export function preview(row: DataRow): string {
  const { sample } = row;
  if (sample === undefined) return describeShape(row.shape);
  if (Array.isArray(sample)) return `${sample.length} item${sample.length === 1 ? '' : 's'}`;
  if (typeof sample === 'object' && sample !== null) return '{…}';
  const text = JSON.stringify(sample) ?? '';
  return text.length > MAX_PREVIEW_CHARS ? `${text.slice(0, MAX_PREVIEW_CHARS - 1)}…` : text;
}
