import type { Storage } from '../../storage/storage.js';
import { DEFAULT_ADDRESS_CEILING, DEFAULT_FAILED_AUTH, RateLimits, type FailedAuthPolicy, type RateLimitCounters } from '../rate-limits.js';
import { SharedRateLimits } from '../shared-rate-limits.js';
import type { StoreEvents } from './store-client.js';

export type RateLimitOptions = {
  failedAuth?: FailedAuthPolicy | undefined;
  addressCeiling?: FailedAuthPolicy | undefined;
  /** The clock of in-process counters (tests move it by hand); shared counters follow the wall clock. */
  now?: (() => number) | undefined;
  /** When a PostgreSQL workspace's shared counters become unreachable and answer again; by default a line on stderr each. */
  storeEvents?: StoreEvents | undefined;
};

const WARN_ON_STDERR: StoreEvents = {
  failed: (error) => console.warn(`[rate limits] ${error.message}`),
  recovered: () => console.warn('[rate limits] The shared rate-limit counters answer again; every replica counts in them'),
};

/**
 * The counters a workspace's runtime uses: in this process for SQLite (one replica; synchronous),
 * in the database for PostgreSQL (any number of replicas; a promise whenever a limit applies).
 */
export async function rateLimitsFor(storage: Storage, options: RateLimitOptions = {}): Promise<RateLimitCounters> {
  const failedAuth = options.failedAuth ?? DEFAULT_FAILED_AUTH;
  const addressCeiling = options.addressCeiling ?? DEFAULT_ADDRESS_CEILING;
  if (storage.engine === 'sqlite') return new RateLimits(failedAuth, options.now ?? Date.now, addressCeiling);
  return SharedRateLimits.open(storage.pg, { failedAuth, addressCeiling, storeEvents: options.storeEvents ?? WARN_ON_STDERR });
}
