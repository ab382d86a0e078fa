import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers a browser client may read from answers: the request id, rate limits, auth challenges, redirects. */
const EXPOSED = 'x-request-id, x-flowgate-trace, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, ratelimit, ratelimit-policy, retry-after, www-authenticate, location';
const PREFLIGHT_MAX_AGE_S = 600;

/**
 * Cross-origin access to published APIs for the editor's own origin, so its request tester can call
 * them over real HTTP like any client. Other origins get no CORS headers (browsers then refuse).
 * Returns true when the request was a preflight and has been answered.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowedOrigins: () => readonly string[], allowedMethods: (path: string) => string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || !allowedOrigins().includes(origin)) return false;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  res.setHeader('access-control-expose-headers', EXPOSED);
  if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return false;
  const path = (req.url ?? '/').split('?', 1)[0]!;
  const methods = allowedMethods(path);
  res.setHeader('access-control-allow-methods', methods.join(', '));
  res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? 'authorization, content-type');
  res.setHeader('access-control-max-age', PREFLIGHT_MAX_AGE_S);
  res.writeHead(methods.length > 0 ? 204 : 404).end();
  return true;
}
