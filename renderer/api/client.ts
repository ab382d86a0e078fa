import { ADMIN_PREFIX } from '../../shared/api/admin.js';
import { bridge } from './bridge.js';
import { AdminApiError } from './errors.js';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

const unauthorizedListeners = new Set<() => void>();

/** Called whenever the server says the session is gone, so the editor can show the sign-in screen. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export type RequestOptions = {
  /** Do not treat a 401 as the end of the session (the sign-in call itself). */
  quietUnauthorized?: boolean;
  /** Lets the request outlive the page (a last save while the tab closes). */
  keepalive?: boolean;
};

/** The one HTTP client of the editor: JSON in and out, the session cookie or Electron's admin key, one error type. */
export async function adminRequest<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const preload = bridge();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
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
  if (response.status === 204) return undefined as T;
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
  return parsed as T;
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
