import type { RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimit } from '../../shared/model/api.js';

/** Lower-case names, ready to merge into a node:http header map. */
export type RateLimitHeaders = Record<string, string>;

/** One policy and where its counter stands after this request. */
export type LimitState = { limit: RateLimit; res: RateLimiterRes };

const MS_PER_SECOND = 1000;

/**
 * The de-facto `X-RateLimit-*` trio plus the IETF fields in the form of
 * draft-ietf-httpapi-ratelimit-headers-07 (the last draft with `limit=/remaining=/reset=`
 * parameters, the form express-rate-limit sends as `draft-7`):
 *   RateLimit-Policy: 100;w=60, 1000;w=3600      every policy that applies
 *   RateLimit: limit=100, remaining=42, reset=17 the one closest to running out
 * All times are seconds from now; Retry-After only on a refusal.
 */
export function rateLimitHeaders(states: readonly LimitState[], refused: { state: LimitState; retryAfterSeconds: number } | null): RateLimitHeaders {
  const binding = refused?.state ?? closestToLimit(states);
  const limit = binding.limit.requests;
  const remaining = refused ? 0 : Math.max(0, binding.res.remainingPoints);
  const reset = Math.max(0, Math.ceil(binding.res.msBeforeNext / MS_PER_SECOND));
  const headers: RateLimitHeaders = {
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(reset),
    'ratelimit-policy': states.length === 1 ? policyOf(states[0]!.limit) : states.map((state) => policyOf(state.limit)).join(', '),
    ratelimit: `limit=${limit}, remaining=${remaining}, reset=${reset}`,
  };
  if (refused) headers['retry-after'] = String(refused.retryAfterSeconds);
  return headers;
}

// Policies are the API's and tokens' own objects, fixed between publishes: their text is made once.
const policies = new WeakMap<RateLimit, string>();
function policyOf(limit: RateLimit): string {
  let text = policies.get(limit);
  if (text === undefined) {
    text = `${limit.requests};w=${limit.perSeconds}`;
    policies.set(limit, text);
  }
  return text;
}

function closestToLimit(states: readonly LimitState[]): LimitState {
  let binding = states[0]!;
  for (const state of states) {
    const fewer = state.res.remainingPoints < binding.res.remainingPoints;
    const sameButLonger = state.res.remainingPoints === binding.res.remainingPoints && state.res.msBeforeNext > binding.res.msBeforeNext;
    if (fewer || sameButLonger) binding = state;
  }
  return binding;
}
