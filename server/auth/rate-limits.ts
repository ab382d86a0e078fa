import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimit } from '../../shared/model/api.js';
import { rateLimitHeaders, type LimitState, type RateLimitHeaders } from './rate-limit-headers.js';

/*
 * Counters live in this process (RateLimiterMemory). Several replicas behind a load balancer
 * would swap in RateLimiterRedis, which has the same consume() contract: only this file changes.
 *
 * RateLimiterMemory.consume() counts synchronously inside its Promise executor, so the price per
 * request is one settled Promise and one microtask, not I/O.
 */

export type RateLimitDecision =
  | { readonly ok: true; readonly headers: RateLimitHeaders | null }
  | { readonly ok: false; readonly limitedBy: 'api' | 'token'; readonly limit: RateLimit; readonly retryAfterSeconds: number; readonly headers: RateLimitHeaders };

export type RateLimitInput = {
  environment: string;
  apiId: string;
  apiLimit: RateLimit | null;
  tokenId: string | null;
  tokenLimit: RateLimit | null;
};

export type FailedAuthPolicy = { attempts: number; perSeconds: number };
/** Failed authentications (401 invalid_token) one client address may cause before it gets 429s. */
export const DEFAULT_FAILED_AUTH: FailedAuthPolicy = { attempts: 20, perSeconds: 60 };

const NOT_LIMITED: RateLimitDecision = Object.freeze({ ok: true, headers: null });
const MS_PER_SECOND = 1000;
// Blocked addresses are swept only when the map grows past this, so the check stays a lookup.
const BLOCKED_SWEEP_SIZE = 10_000;

export class RateLimits {
  private readonly apiLimiters = new Map<string, RateLimiterMemory>();
  private readonly tokenLimiters = new Map<string, RateLimiterMemory>();
  private readonly failedAuth: RateLimiterMemory;
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    failedAuth: FailedAuthPolicy = DEFAULT_FAILED_AUTH,
    private readonly now: () => number = Date.now,
  ) {
    this.failedAuth = new RateLimiterMemory({ keyPrefix: 'auth-fail', points: failedAuth.attempts, duration: failedAuth.perSeconds });
  }

  /**
   * Counts one request against the API's limit (per environment) and the token's own, and says
   * whether it may go on, with the headers to send either way. Synchronous when nothing is limited.
   */
  consume(input: RateLimitInput): RateLimitDecision | Promise<RateLimitDecision> {
    if (input.apiLimit === null && (input.tokenLimit === null || input.tokenId === null)) return NOT_LIMITED;
    return this.consumeLimited(input);
  }

  /** Seconds an address must still wait after too many failed authentications; 0 when it may try. */
  failedAuthRetryAfter(ip: string): number {
    const until = this.blockedUntil.get(ip);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left > 0) return Math.ceil(left / MS_PER_SECOND);
    this.blockedUntil.delete(ip);
    return 0;
  }

  /** Counts a failed authentication; answers the seconds to wait when this one went over the limit, else 0. */
  async recordFailedAuth(ip: string): Promise<number> {
    const { res, allowed } = await take(this.failedAuth, ip);
    if (allowed) return 0;
    const waitMs = Math.max(res.msBeforeNext, MS_PER_SECOND);
    if (this.blockedUntil.size >= BLOCKED_SWEEP_SIZE) this.sweepBlocked();
    this.blockedUntil.set(ip, this.now() + waitMs);
    return Math.ceil(waitMs / MS_PER_SECOND);
  }

  private async consumeLimited(input: RateLimitInput): Promise<RateLimitDecision> {
    const states: LimitState[] = [];
    if (input.apiLimit) {
      const { res, allowed } = await take(limiterFor(this.apiLimiters, 'api', input.apiLimit), `${input.environment}\u0000${input.apiId}`);
      const state = { limit: input.apiLimit, res };
      if (!allowed) return refusal('api', state, [state]);
      states.push(state);
    }
    if (input.tokenLimit && input.tokenId !== null) {
      const { res, allowed } = await take(limiterFor(this.tokenLimiters, 'token', input.tokenLimit), input.tokenId);
      const state = { limit: input.tokenLimit, res };
      states.push(state);
      if (!allowed) return refusal('token', state, states);
    }
    return { ok: true, headers: rateLimitHeaders(states, null) };
  }

  private sweepBlocked(): void {
    const at = this.now();
    for (const [ip, until] of this.blockedUntil) if (until <= at) this.blockedUntil.delete(ip);
  }
}

function refusal(limitedBy: 'api' | 'token', state: LimitState, states: LimitState[]): RateLimitDecision {
  const retryAfterSeconds = Math.max(1, Math.ceil(state.res.msBeforeNext / MS_PER_SECOND));
  return { ok: false, limitedBy, limit: state.limit, retryAfterSeconds, headers: rateLimitHeaders(states, { state, retryAfterSeconds }) };
}

/** One limiter per distinct policy, made on first use; changing an API's limit starts a fresh count. */
function limiterFor(cache: Map<string, RateLimiterMemory>, kind: string, limit: RateLimit): RateLimiterMemory {
  const key = `${limit.requests}/${limit.perSeconds}`;
  let limiter = cache.get(key);
  if (!limiter) {
    limiter = new RateLimiterMemory({ keyPrefix: `${kind}:${key}`, points: limit.requests, duration: limit.perSeconds });
    cache.set(key, limiter);
  }
  return limiter;
}

async function take(limiter: RateLimiterMemory, key: string): Promise<{ res: RateLimiterRes; allowed: boolean }> {
  try {
    return { res: await limiter.consume(key), allowed: true };
  } catch (rejection) {
    // Over the limit, the library rejects with the counter state rather than an Error.
    if (rejection instanceof RateLimiterRes) return { res: rejection, allowed: false };
    throw rejection;
  }
}
