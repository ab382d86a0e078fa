import { ADMIN_API, ADMIN_PREFIX } from '../../shared/api/admin.js';
import { IF_MATCH_HEADER, revisionTag, type AnswerOf, type CallInput, type Route, type RouteArea, type RouteSpec } from '../../shared/api/contract.js';
import { bridge } from './bridge.js';
import { AdminApiError } from './errors.js';

const unauthorizedListeners = new Set<() => void>();

/** Called whenever the server says the session is gone, so the editor can show the sign-in screen. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export type RequestOptions = {
  /** Do not treat a 401 as the end of the session (the default for routes answered without signing in). */
  quietUnauthorized?: boolean;
  /** Lets the request outlive the page (a last save while the tab closes). */
  keepalive?: boolean;
};

/** One typed call per declared route: `admin.apis.publish({ params: { id }, body: { environment } })`. */
export type RouteCall<R extends RouteSpec> = object extends CallInput<R>
  ? (input?: CallInput<R>, options?: RequestOptions) => Promise<AnswerOf<R>>
  : (input: CallInput<R>, options?: RequestOptions) => Promise<AnswerOf<R>>;

export type AdminClient<C extends Record<string, RouteArea>> = { [Area in keyof C]: { [Name in keyof C[Area]]: RouteCall<C[Area][Name]> } };

type AnyInput = { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown; revision?: number };

/** A client with one function per route of a contract, each filling in the route's path, query and body. */
export function clientFor<C extends Record<string, RouteArea>>(contract: C): AdminClient<C> {
  const areas = Object.entries(contract).map(([area, routes]) => [
    area,
    Object.fromEntries(
      Object.entries(routes).map(([name, route]) => [
        name,
        (input: AnyInput = {}, options: RequestOptions = {}) =>
          adminRequest(route.method, routeUrl(route, input), input.body, { quietUnauthorized: route.withoutSignIn ?? false, ...options }, input.revision),
      ]),
    ),
  ]);
  // Each call resolves to its route's declared answer: the server's handler is typed by the same declaration.
  return Object.fromEntries(areas) as AdminClient<C>;
}

/** The admin API, as the editor calls it: built from the declarations in shared/api. */
export const admin = clientFor(ADMIN_API);

/** The route's path with its `:params` filled in (encoded) and its query appended; empty query values are left out. */
export function routeUrl(route: Route, input: AnyInput): string {
  const path = route.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_match, name: string) => {
    const value = input.params?.[name];
    if (value === undefined) throw new Error(`${route.method} ${route.path} needs the path parameter "${name}"`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(input.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) if (item !== undefined && item !== '') query.append(name, String(item));
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * The one HTTP client of the editor: JSON in and out, the session cookie or Electron's admin key, one
 * error type; a write of an editable object names the revision it is based on (If-Match).
 */
async function adminRequest(method: RouteSpec['method'], path: string, body: unknown, options: RequestOptions, revision?: number): Promise<unknown> {
  const preload = bridge();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (revision !== undefined) headers[IF_MATCH_HEADER] = revisionTag(revision);
  if (preload?.adminKey) headers.authorization = `Bearer ${preload.adminKey}`;
  const base = preload?.adminUrl ? preload.adminUrl.replace(/\/$/, '') : '';
  let response: Response;
  try {
    response = await fetch(`${base}${ADMIN_PREFIX}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      keepalive: options.keepalive ?? false,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new AdminApiError(0, 'network_error', 'Cannot reach the Flowgate server. Is `flowgate serve` still running?');
  }
  if (response.status === 204) return undefined;
  const text = await response.text();
  const parsed = parseJson(text);
  if (!response.ok) {
    const error = readError(parsed);
    if (response.status === 401 && !options.quietUnauthorized) unauthorizedListeners.forEach((listener) => listener());
    throw new AdminApiError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? `The server answered ${response.status} ${response.statusText}`,
      error?.details,
      error?.requestId,
    );
  }
  return parsed;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function readError(body: unknown): { code: string; message: string; details?: unknown; requestId?: string } | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const error = (body as { error: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, details, requestId } = error as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return { code, message, details, ...(typeof requestId === 'string' ? { requestId } : {}) };
}
