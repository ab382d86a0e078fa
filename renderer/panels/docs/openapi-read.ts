import type { OpenApiDocument } from '../../../shared/api/openapi.js';

/** Reading an OpenAPI document defensively: the Docs panel shows what is there and skips what is not. */
export type Json = Record<string, unknown>;

export const OPERATION_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

export type Operation = { method: string; path: string; operation: Json };
export type TagGroup = { tag: string; operations: Operation[] };

export const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
export const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Operations grouped by their first tag, in the order of the document's `tags`, then by path and method. */
export function groupOperations(doc: OpenApiDocument): TagGroup[] {
  const groups = new Map<string, Operation[]>();
  for (const tag of doc.tags ?? []) groups.set(tag.name, []);
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (!isJson(item)) continue;
    for (const method of OPERATION_METHODS) {
      const operation = item[method];
      if (!isJson(operation)) continue;
      const tags = Array.isArray(operation.tags) ? operation.tags : [];
      const tag = typeof tags[0] === 'string' ? tags[0] : 'other';
      const list = groups.get(tag) ?? [];
      list.push({ method: method.toUpperCase(), path, operation });
      groups.set(tag, list);
    }
  }
  return [...groups.entries()].filter(([, operations]) => operations.length > 0).map(([tag, operations]) => ({ tag, operations }));
}

/** Follows a local `$ref` (`#/components/schemas/Error`); anything else comes back as it is. */
export function resolve(doc: OpenApiDocument, value: unknown, depth = 0): unknown {
  if (!isJson(value) || typeof value.$ref !== 'string' || !value.$ref.startsWith('#/') || depth > 8) return value;
  let current: unknown = doc;
  for (const raw of value.$ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    current = isJson(current) ? current[key] : undefined;
  }
  return current === undefined ? value : resolve(doc, current, depth + 1);
}

/** `#/components/schemas/CreateUserBody` → `CreateUserBody`. */
export const refName = (value: unknown): string | null =>
  isJson(value) && typeof value.$ref === 'string' ? (value.$ref.split('/').pop() ?? value.$ref) : null;

/** A short type label for a parameter's or header's schema: `integer = 20`, `string`, `any`. */
export function schemaLabel(schema: unknown): string {
  if (!isJson(schema)) return 'any';
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : text(schema.type) || refName(schema) || 'any';
  const format = text(schema.format);
  return format ? `${type} (${format})` : type;
}

/** 2xx success, 3xx redirect, 4xx client error, 5xx server error: for colouring status codes. */
export function statusClass(status: string): 'ok' | 'redirect' | 'client' | 'server' | 'other' {
  const first = status[0];
  return first === '2' ? 'ok' : first === '3' ? 'redirect' : first === '4' ? 'client' : first === '5' ? 'server' : 'other';
}

/** Splits `a \`code\` b` so the view can render backticked spans as code. */
export function inlineCode(value: string): { code: boolean; text: string }[] {
  return value.split('`').map((part, index) => ({ code: index % 2 === 1, text: part }));
}
