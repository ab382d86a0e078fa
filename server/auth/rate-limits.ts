import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimit } from '../../shared/model/api.js';
import type { LimitState, RateLimitHeaders } from './rate-limit-headers.js';
import { admitted, apiKey, MS_PER_SECOND, NOT_LIMITED, policyKey, refusal } from './rate-limits/decision.js';
import { FailedAuthCounting } from './rate-limits/failed-auth.js';
import { Lockouts } from './rate-limits/lockouts.js';

/*
 * Counters live in the listener's process, the one place every request passes whatever worker runs
 * its flow, so they are exact across `--workers`. The API and token limits count in WindowCounter
 * (RateLimiterMemory's fixed windows without its Promise, microtasks and timer per key): the hot path
 * stays synchronous. Failed authentications still count in RateLimiterMemory, off the hot path.
 * Replicas sharing a PostgreSQL workspace count in it instead: SharedRateLimits.
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
/**
 * Failed authentications (401) one credential may cause from one address before that credential
 * gets 429s there. A credential is the presented token (by fingerprint) or its absence, so a client
 * replaying a revoked or rolled token slows down itself, never a valid token from the same address.
 */
export const DEFAULT_FAILED_AUTH: FailedAuthPolicy = { attempts: 20, perSeconds: 60 };
/**
 * Failed authentications one address may cause with any credentials (a flood of garbage tokens)
 * before tokens it presents are no longer verified there: those already verified still pass.
 */
export const DEFAULT_ADDRESS_CEILING: FailedAuthPolicy = { attempts: 200, perSeconds: 60 };

export { credentialOf, NO_CREDENTIAL } from './rate-limits/credential.js';

/**
 * What the request guard counts with: in this process (RateLimits, synchronous) or in the shared
 * workspace (SharedRateLimits, a promise whenever a limit applies). The lockout checks are always
 * synchronous lookups of what this process has learned.
 */
export interface RateLimitCounters {
  /** Counts one request against the API's limit (per environment) and the token's own; headers either way. */
  consume(input: RateLimitInput): RateLimitDecision | Promise<RateLimitDecision>;
  /** Seconds this credential (the Authorization header's token, or none) must still wait at this address; 0 when it may try. */
  failedAuthRetryAfter(ip: string, authorization?: string): number;
  /** Seconds an address flooding failures must still wait before its uncached tokens are verified again; 0 normally. */
  addressFloodRetryAfter(ip: string): number;
  /** Counts a failed authentication per credential and address; answers the seconds that credential must now wait, else 0. */
  recordFailedAuth(ip: string, authorization?: string): Promise<number>;
  /** Stops any timer; the counters' store (the workspace) is closed by its owner. */
  close(): void;
}

/** Keys a window counter keeps before it sweeps out the windows that have ended. */
const WINDOW_SWEEP_SIZE = 10_000;

/**
 * Fixed windows per key, counted as RateLimiterMemory counts them: the first request opens a window
 * of `perSeconds`, every request in it counts (refused ones too), and the count starts again after it.
 */
class WindowCounter {
  private readonly windows = new Map<string, { consumed: number; endsAt: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number,
  ) {}

  take(key: string): { res: RateLimiterRes; allowed: boolean } {
    const at = this.now();
    let window = this.windows.get(key);
    const first = window === undefined || window.endsAt <= at;
    if (first) {
      if (this.windows.size >= WINDOW_SWEEP_SIZE) this.sweep(at);
      window = { consumed: 0, endsAt: at + this.limit.perSeconds * MS_PER_SECOND };
      this.windows.set(key, window);
    }
    window!.consumed++;
    const remaining = Math.max(0, this.limit.requests - window!.consumed);
    return { res: new RateLimiterRes(remaining, window!.endsAt - at, window!.consumed, first), allowed: window!.consumed <= this.limit.requests };
  }

  private sweep(at: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= at) this.windows.delete(key);
  }
}

/** One process's counters: exact for a SQLite workspace, which one `flowgate serve` serves. */
export class RateLimits extends FailedAuthCounting implements RateLimitCounters {
  private readonly apiLimiters = new Map<string, WindowCounter>();
  private readonly tokenLimiters = new Map<string, WindowCounter>();
  protected readonly failedAuth: RateLimiterMemory;
  protected readonly addressFailures: RateLimiterMemory;
  protected readonly lockouts: Lockouts;

  constructor(
    failedAuth: FailedAuthPolicy = DEFAULT_FAILED_AUTH,
    private readonly now: () => number = Date.now,
    addressCeiling: FailedAuthPolicy = DEFAULT_ADDRESS_CEILING,
  ) {
    super();
    this.failedAuth = new RateLimiterMemory({ keyPrefix: 'auth-fail', points: failedAuth.attempts, duration: failedAuth.perSeconds });
    this.addressFailures = new RateLimiterMemory({ keyPrefix: 'auth-fail-address', points: addressCeiling.attempts, duration: addressCeiling.perSeconds });
    this.lockouts = new Lockouts(now);
  }

  /** Synchronous, always: a map lookup when nothing is limited, a window count when something is. */
  consume(input: RateLimitInput): RateLimitDecision {
    if (input.apiLimit === null && (input.tokenLimit === null || input.tokenId === null)) return NOT_LIMITED;
    return this.consumeLimited(input);
  }

  close(): void {}

  private consumeLimited(input: RateLimitInput): RateLimitDecision {
    const states: LimitState[] = [];
    if (input.apiLimit) {
      const { res, allowed } = this.counterFor(this.apiLimiters, input.apiLimit).take(apiKey(input.environment, input.apiId));
      const state = { limit: input.apiLimit, res };
      if (!allowed) return refusal('api', state, [state]);
      states.push(state);
    }
    if (input.tokenLimit && input.tokenId !== null) {
      const { res, allowed } = this.counterFor(this.tokenLimiters, input.tokenLimit).take(input.tokenId);
      const state = { limit: input.tokenLimit, res };
      states.push(state);
      if (!allowed) return refusal('token', state, states);
    }
    return admitted(states);
  }

  private counterFor(cache: Map<string, WindowCounter>, limit: RateLimit): WindowCounter {
    const key = policyKey(limit);
    let counter = cache.get(key);
    if (!counter) {
      counter = new WindowCounter(limit, this.now);
      cache.set(key, counter);
    }
    return counter;
  }
}
