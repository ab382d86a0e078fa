import { RateLimiterMemory, RateLimiterPostgres } from 'rate-limiter-flexible';
import type { RateLimit } from '../../shared/model/api.js';
import type { PgDatabase } from '../storage/postgres.js';
import type { LimitState } from './rate-limit-headers.js';
import {
  DEFAULT_ADDRESS_CEILING, DEFAULT_FAILED_AUTH,
  type FailedAuthPolicy, type RateLimitCounters, type RateLimitDecision, type RateLimitInput,
} from './rate-limits.js';
import { admitted, apiKey, countOne, NOT_LIMITED, policyKey, refusal, type Counted } from './rate-limits/decision.js';
import { FailedAuthCounting } from './rate-limits/failed-auth.js';
import { Lockouts } from './rate-limits/lockouts.js';
import { createRateLimitTable, RATE_LIMIT_TABLE, sweepExpiredCounters, SWEEP_EVERY_MS } from './rate-limits/postgres-table.js';
import { StoreClient, type StoreEvents } from './rate-limits/store-client.js';

export type SharedRateLimitOptions = {
  failedAuth?: FailedAuthPolicy;
  addressCeiling?: FailedAuthPolicy;
  /** Told once when the shared counters can't be reached (this replica then counts alone), and once when they answer again. */
  storeEvents?: StoreEvents;
};

/**
 * Counters every replica of a PostgreSQL workspace shares (rate-limiter-flexible's PostgreSQL store,
 * one upsert per count), so a limit of 10 allows 10 across all replicas. Windows are fixed and follow
 * each replica's wall clock, so replicas' clocks must agree (NTP). A key that reached its limit is
 * blocked in this replica's memory until its window ends and stops reaching the database.
 * If PostgreSQL fails or is slow, each replica counts alone in memory (the insurance limiter): limits
 * still hold per replica (so at most N times the limit across N replicas) and no request fails for it.
 */
export class SharedRateLimits extends FailedAuthCounting implements RateLimitCounters {
  private readonly apiLimiters = new Map<string, RateLimiterPostgres>();
  private readonly tokenLimiters = new Map<string, RateLimiterPostgres>();
  protected readonly failedAuth: RateLimiterPostgres;
  protected readonly addressFailures: RateLimiterPostgres;
  protected readonly lockouts = new Lockouts(Date.now);
  private readonly store: StoreClient;
  private readonly sweeper: NodeJS.Timeout;

  /** Creates the counters' table when missing (under a lock, so replicas may start together). */
  static async open(pg: PgDatabase, options: SharedRateLimitOptions = {}): Promise<SharedRateLimits> {
    await createRateLimitTable(pg);
    return new SharedRateLimits(pg, options);
  }

  private constructor(pg: PgDatabase, options: SharedRateLimitOptions) {
    super();
    this.store = new StoreClient(pg.pool, options.storeEvents);
    const failedAuth = options.failedAuth ?? DEFAULT_FAILED_AUTH;
    const addressCeiling = options.addressCeiling ?? DEFAULT_ADDRESS_CEILING;
    this.failedAuth = this.limiter('auth-fail', failedAuth.attempts, failedAuth.perSeconds);
    this.addressFailures = this.limiter('auth-fail-address', addressCeiling.attempts, addressCeiling.perSeconds);
    this.sweeper = setInterval(() => void sweepExpiredCounters(pg, Date.now()), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  /** NOT_LIMITED synchronously when no limit applies; otherwise a promise (one upsert per policy, or none for a blocked key). */
  consume(input: RateLimitInput): RateLimitDecision | Promise<RateLimitDecision> {
    if (input.apiLimit === null && (input.tokenLimit === null || input.tokenId === null)) return NOT_LIMITED;
    return this.consumeLimited(input);
  }

  /** When the shared counters last failed (null while they answer). */
  get storeFailure(): StoreClient['lastFailure'] {
    return this.store.lastFailure;
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  // The token is counted only once the API's limit admitted the request, as RateLimits does.
  private async consumeLimited(input: RateLimitInput): Promise<RateLimitDecision> {
    const states: LimitState[] = [];
    if (input.apiLimit) {
      const { res, allowed } = await this.count(this.apiLimiters, 'api', input.apiLimit, apiKey(input.environment, input.apiId));
      const state = { limit: input.apiLimit, res };
      if (!allowed) return refusal('api', state, [state]);
      states.push(state);
    }
    if (input.tokenLimit && input.tokenId !== null) {
      const { res, allowed } = await this.count(this.tokenLimiters, 'token', input.tokenLimit, input.tokenId);
      const state = { limit: input.tokenLimit, res };
      states.push(state);
      if (!allowed) return refusal('token', state, states);
    }
    return admitted(states);
  }

  private count(cache: Map<string, RateLimiterPostgres>, kind: 'api' | 'token', limit: RateLimit, key: string): Promise<Counted> {
    const policy = policyKey(limit);
    let limiter = cache.get(policy);
    if (!limiter) {
      limiter = this.limiter(`${kind}:${policy}`, limit.requests, limit.perSeconds);
      cache.set(policy, limiter);
    }
    return countOne(limiter, key);
  }

  private limiter(keyPrefix: string, points: number, duration: number): RateLimiterPostgres {
    return new RateLimiterPostgres({
      storeClient: this.store,
      storeType: 'client',
      tableName: RATE_LIMIT_TABLE,
      // Ours, created in open(); the library's own sweep timer per limiter is replaced by one per replica.
      tableCreated: true,
      clearExpiredByTimeout: false,
      keyPrefix,
      points,
      duration,
      // Without a block duration the library blocks the key in memory until its window ends.
      inMemoryBlockOnConsumed: points,
      // Fails per replica, not open and not closed: each replica counts alone in memory while the database is unreachable.
      insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
    });
  }
}
