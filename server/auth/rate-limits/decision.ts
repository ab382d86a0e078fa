import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimit } from '../../../shared/model/api.js';
import { rateLimitHeaders, type LimitState } from '../rate-limit-headers.js';
import type { RateLimitDecision } from '../rate-limits.js';

export const MS_PER_SECOND = 1000;

export const NOT_LIMITED: RateLimitDecision = Object.freeze({ ok: true, headers: null });

/** Where one key's counter stands after this request, and whether the request is within the limit. */
export type Counted = { res: RateLimiterRes; allowed: boolean };

// Unit separator: never in an environment name, an API or token id, an address or a fingerprint, and (unlike NUL) allowed in PostgreSQL text.
const KEY_SEPARATOR = '\u001f';

/** One API's counter in one environment. */
export const apiKey = (environment: string, apiId: string): string => `${environment}${KEY_SEPARATOR}${apiId}`;
/** One credential's failures from one address. */
export const failureKey = (ip: string, credential: string): string => `${ip}${KEY_SEPARATOR}${credential}`;
/** One counter per distinct policy: changing an API's limit starts a fresh count. */
export const policyKey = (limit: RateLimit): string => `${limit.requests}/${limit.perSeconds}`;

export function refusal(limitedBy: 'api' | 'token', state: LimitState, states: LimitState[]): RateLimitDecision {
  const retryAfterSeconds = Math.max(1, Math.ceil(state.res.msBeforeNext / MS_PER_SECOND));
  return { ok: false, limitedBy, limit: state.limit, retryAfterSeconds, headers: rateLimitHeaders(states, { state, retryAfterSeconds }) };
}

/** The admitted decision's headers, once every policy has counted this request. */
export const admitted = (states: LimitState[]): RateLimitDecision => ({ ok: true, headers: rateLimitHeaders(states, null) });

/** One point from a rate-limiter-flexible limiter, refused or not, as a value. */
export async function countOne(limiter: RateLimiterAbstract, key: string): Promise<Counted> {
  try {
    return { res: await limiter.consume(key), allowed: true };
  } catch (rejection) {
    // Over the limit, the library rejects with the counter state rather than an Error.
    if (rejection instanceof RateLimiterRes) return { res: rejection, allowed: false };
    throw rejection;
  }
}
