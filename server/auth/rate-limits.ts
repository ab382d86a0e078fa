import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimit } from '../../shared/model/api.js';
import { rateLimitHeaders, type LimitState, type RateLimitHeaders } from './rate-limit-headers.js';

/*
 * Counters live in the listener's process, the one place every request passes whatever worker runs
 * its flow, so they are exact across `--workers`. The API and token limits count in WindowCounter
 * (RateLimiterMemory's fixed windows without its Promise, microtasks and timer per key): the hot path
 * stays synchronous. Failed authentications still count in RateLimiterMemory, off the hot path.
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

/** Failures counted without a token: one credential of their own. */
export const NO_CREDENTIAL = 'none';
// 64 bits of SHA-256: enough to tell one client's token from another's, too short to be a stored token.
const FINGERPRINT_HEX_CHARS = 16;

/** The credential an Authorization header presents: its token's fingerprint, or NO_CREDENTIAL. */
export function credentialOf(authorization: string | undefined): string {
  const token = authorization?.replace(/^\s*bearer\s+/i, '').trim();
  if (!token) return NO_CREDENTIAL;
  return createHash('sha256').update(token).digest('hex').slice(0, FINGERPRINT_HEX_CHARS);
}

const NOT_LIMITED: RateLimitDecision = Object.freeze({ ok: true, headers: null });
const MS_PER_SECOND = 1000;
// Blocked entries are swept only when a map grows past this, so the check stays a lookup.
const BLOCKED_SWEEP_SIZE = 10_000;

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

export class RateLimits {
  private readonly apiLimiters = new Map<string, WindowCounter>();
  private readonly tokenLimiters = new Map<string, WindowCounter>();
  private readonly failedAuth: RateLimiterMemory;
  private readonly addressFailures: RateLimiterMemory;
  /** `address NUL credential` → until when that credential is refused there. */
  private readonly blockedUntil = new Map<string, number>();
  /** address → until when its uncached tokens are not verified. */
  private readonly floodedUntil = new Map<string, number>();

  constructor(
    failedAuth: FailedAuthPolicy = DEFAULT_FAILED_AUTH,
    private readonly now: () => number = Date.now,
    addressCeiling: FailedAuthPolicy = DEFAULT_ADDRESS_CEILING,
  ) {
    this.failedAuth = new RateLimiterMemory({ keyPrefix: 'auth-fail', points: failedAuth.attempts, duration: failedAuth.perSeconds });
    this.addressFailures = new RateLimiterMemory({ keyPrefix: 'auth-fail-address', points: addressCeiling.attempts, duration: addressCeiling.perSeconds });
  }

  /**
   * Counts one request against the API's limit (per environment) and the token's own, and says
   * whether it may go on, with the headers to send either way. Synchronous when nothing is limited.
   */
  consume(input: RateLimitInput): RateLimitDecision {
    if (input.apiLimit === null && (input.tokenLimit === null || input.tokenId === null)) return NOT_LIMITED;
    return this.consumeLimited(input);
  }

  /**
   * Seconds this credential (the Authorization header's token, or none) must still wait at this
   * address after too many failures; 0 when it may try. Costs a map lookup, and a hash only while
   * some credential is blocked.
   */
  failedAuthRetryAfter(ip: string, authorization?: string): number {
    if (this.blockedUntil.size === 0) return 0;
    return this.secondsLeft(this.blockedUntil, failureKey(ip, credentialOf(authorization)));
  }

  /** Seconds an address flooding failures must still wait before its uncached tokens are verified again; 0 normally. */
  addressFloodRetryAfter(ip: string): number {
    if (this.floodedUntil.size === 0) return 0;
    return this.secondsLeft(this.floodedUntil, ip);
  }

  /**
   * Counts a failed authentication against its credential at this address and against the
   * address's ceiling; answers the seconds that credential must wait when this one went over, else 0.
   */
  async recordFailedAuth(ip: string, authorization?: string): Promise<number> {
    const key = failureKey(ip, credentialOf(authorization));
    const [credential, address] = await Promise.all([take(this.failedAuth, key), take(this.addressFailures, ip)]);
    if (!address.allowed) this.block(this.floodedUntil, ip, address.res);
    return credential.allowed ? 0 : this.block(this.blockedUntil, key, credential.res);
  }

  private block(blocked: Map<string, number>, key: string, res: RateLimiterRes): number {
    const waitMs = Math.max(res.msBeforeNext, MS_PER_SECOND);
    if (blocked.size >= BLOCKED_SWEEP_SIZE) this.sweep(blocked);
    blocked.set(key, this.now() + waitMs);
    return Math.ceil(waitMs / MS_PER_SECOND);
  }

  private secondsLeft(blocked: Map<string, number>, key: string): number {
    const until = blocked.get(key);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left > 0) return Math.ceil(left / MS_PER_SECOND);
    blocked.delete(key);
    return 0;
  }

  private consumeLimited(input: RateLimitInput): RateLimitDecision {
    const states: LimitState[] = [];
    if (input.apiLimit) {
      const { res, allowed } = this.counterFor(this.apiLimiters, input.apiLimit).take(`${input.environment}\u0000${input.apiId}`);
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
    return { ok: true, headers: rateLimitHeaders(states, null) };
  }

  /** One counter per distinct policy, made on first use; changing an API's limit starts a fresh count. */
  private counterFor(cache: Map<string, WindowCounter>, limit: RateLimit): WindowCounter {
    const key = `${limit.requests}/${limit.perSeconds}`;
    let counter = cache.get(key);
    if (!counter) {
      counter = new WindowCounter(limit, this.now);
      cache.set(key, counter);
    }
    return counter;
  }

  private sweep(blocked: Map<string, number>): void {
    const at = this.now();
    for (const [key, until] of blocked) if (until <= at) blocked.delete(key);
  }
}

const failureKey = (ip: string, credential: string): string => `${ip}\u0000${credential}`;

function refusal(limitedBy: 'api' | 'token', state: LimitState, states: LimitState[]): RateLimitDecision {
  const retryAfterSeconds = Math.max(1, Math.ceil(state.res.msBeforeNext / MS_PER_SECOND));
  return { ok: false, limitedBy, limit: state.limit, retryAfterSeconds, headers: rateLimitHeaders(states, { state, retryAfterSeconds }) };
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
