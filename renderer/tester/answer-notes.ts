/** Plain-language readings of an answer's headers and of why a live request has no trace. */
import type { TesterMode } from './history.js';

export type HeaderLookup = (name: string) => string | undefined;

export function headerLookup(headers: readonly [string, string][]): HeaderLookup {
  const map = new Map(headers.map(([name, value]) => [name.toLowerCase(), value]));
  return (name) => map.get(name.toLowerCase());
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content',
  301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict',
  413: 'Content Too Large', 422: 'Unprocessable Content', 429: 'Too Many Requests',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

export const statusText = (status: number): string => STATUS_TEXT[status] ?? '';

export type StatusTone = 'success' | 'redirect' | 'client-error' | 'server-error' | 'none';
export function statusTone(status: number): StatusTone {
  if (status >= 200 && status < 300) return 'success';
  if (status >= 300 && status < 400) return 'redirect';
  if (status >= 400 && status < 500) return 'client-error';
  return status >= 500 ? 'server-error' : 'none';
}

const plural = (count: number, one: string): string => `${count} ${one}${count === 1 ? '' : 's'}`;

/** "4 of 5 left, resets in 52 s" from the X-RateLimit-* trio (reset is seconds from now), or null. */
export function rateLimitSummary(get: HeaderLookup): string | null {
  const limit = get('x-ratelimit-limit');
  const remaining = get('x-ratelimit-remaining');
  if (limit === undefined || remaining === undefined) return null;
  const reset = get('x-ratelimit-reset');
  const retry = get('retry-after');
  const parts = [`${remaining} of ${limit} left`];
  if (reset !== undefined) parts.push(`resets in ${reset} s`);
  if (retry !== undefined) parts.push(`retry after ${retry} s`);
  const policy = get('ratelimit-policy');
  const windows = policy?.split(',').map((item) => /^\s*(\d+);w=(\d+)/.exec(item)).filter((match) => match !== null);
  const within = windows?.map((match) => `${plural(Number(match[1]), 'request')} per ${match[2]} s`).join(', ');
  return within ? `${parts.join(', ')} (limit: ${within})` : parts.join(', ');
}

/** Said on every Draft answer: a draft is authenticated as its published self, but uses up no rate limit. */
export const DRAFT_RATE_LIMIT_NOTE = 'Draft runs don’t count against rate limits; Live requests do.';

/** The rate-limit line of an answer: what the headers say for Live, the one Draft difference for Draft. */
export function rateLimitNote(mode: TesterMode, get: HeaderLookup): string | null {
  if (mode === 'draft') return DRAFT_RATE_LIMIT_NOTE;
  const summary = rateLimitSummary(get);
  return summary === null ? null : `Rate limit: ${summary}`;
}

/** The auth-params of a Bearer challenge: `Bearer error="invalid_token", scope="a b"` → {error, scope}. */
export function challengeParams(header: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const match of header.matchAll(/([A-Za-z_]+)="((?:[^"\\]|\\.)*)"/g)) params[match[1]!.toLowerCase()] = match[2]!.replace(/\\(.)/g, '$1');
  return params;
}

/** What a WWW-Authenticate challenge means for the person testing. */
export function explainWwwAuthenticate(header: string): string {
  const params = challengeParams(header);
  const detail = params.error_description ? ` (${params.error_description})` : '';
  switch (params.error) {
    case undefined:
      return 'No token was sent: this API needs an “Authorization: Bearer <token>” header. Pick or paste a token.';
    case 'invalid_token':
      return `The token was refused${detail}: it is malformed, signed by another key, expired, revoked or unknown.`;
    case 'insufficient_scope':
      return `The token is valid but lacks the scope${params.scope?.includes(' ') ? 's' : ''} ${params.scope ?? 'this API requires'}${detail}.`;
    case 'invalid_request':
      return `The request's credentials are malformed${detail}.`;
    default:
      return `Refused: ${params.error}${detail}.`;
  }
}

/** Why a live answer came without a trace: the runtime refused it before any node ran. */
export function whyNoTrace(status: number, errorCode: string | null): string {
  if (status === 401) return 'Stopped before the flow: authentication. No node ran.';
  if (status === 403) return 'Stopped before the flow: authentication (the token’s environment, IP allowlist, key groups or scopes). No node ran.';
  if (status === 429) return 'Stopped before the flow: rate limit. No node ran.';
  if (status === 404 || status === 405) return 'Stopped before the flow: no published route matched. No node ran.';
  if (errorCode === 'token_in_url') return 'Stopped before the flow: a token in the URL is never accepted. No node ran.';
  if (status === 400 || status === 413) return 'Stopped before the flow: the request was refused (query, body or size). No node ran.';
  return 'No trace was kept for this request.';
}

/** The `error.code` of Flowgate's error shape, if the body has one. */
export function errorCodeOf(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown } };
    return typeof parsed.error?.code === 'string' ? parsed.error.code : null;
  } catch {
    return null;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
