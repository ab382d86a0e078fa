import type { HttpMethod } from '../../shared/model/api.js';

/** `/users/:id/posts` → `/users/{id}/posts`, with the names given (one per parameter, in order). */
export function pathTemplate(path: string, names?: readonly string[]): string {
  let index = 0;
  return path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? `{${names?.[index++] ?? segment.slice(1)}}` : segment))
    .join('/');
}

/** Two paths that differ only in their parameters' names are the same path to OpenAPI. */
export const pathShape = (path: string): string => path.replace(/:[^/]+/g, ':');

/** "Get user by id" → "getUserById"; unique within a document (getUser, getUser2…). */
export function operationIdFor(name: string, method: HttpMethod, path: string, taken: Set<string>): string {
  return uniqueOperationId(operationIdBase(name, method, path), taken);
}

/** The operation id an API asks for, before another API may have taken it. */
export function operationIdBase(name: string, method: HttpMethod, path: string): string {
  const words = name.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
  let base = words.map((word, i) => (i === 0 ? word[0]!.toLowerCase() : word[0]!.toUpperCase()) + word.slice(1)).join('');
  if (!/^[A-Za-z]/.test(base)) {
    const fromRoute = `${method.toLowerCase()} ${path.replace(/[^A-Za-z0-9]+/g, ' ')}`.trim().split(' ');
    base = fromRoute.map((word, i) => (i === 0 ? word : word[0]!.toUpperCase() + word.slice(1))).join('');
  }
  return base;
}

/** `base`, or `base2`, `base3`… when taken; marks the answer taken. */
export function uniqueOperationId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}${n}`;
  taken.add(id);
  return id;
}

/** The first literal segment of the path groups operations: `/users/:id` → `users`. */
export function tagFor(path: string): string {
  const first = path.split('/').find((segment) => segment !== '' && !segment.startsWith(':'));
  return first ?? 'root';
}

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content',
  301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 410: 'Gone', 413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

export const reasonPhrase = (status: number): string => REASONS[status] ?? `Status ${status}`;
