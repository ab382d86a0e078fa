import type { Storage } from '../../storage/storage.js';
import { DEFAULT_ADDRESS_CEILING, DEFAULT_FAILED_AUTH, RateLimits, type FailedAuthPolicy, type RateLimitCounters } from '../rate-limits.js';
import { SharedRateLimits } from '../shared-rate-limits.js';
import type { StoreUnavailableError } from './store-client.js';

export type RateLimitOptions = {
  failedAuth?: FailedAuthPolicy | undefined;
  addressCeiling?: FailedAuthPolicy | undefined;
  /** The clock of in-process counters (tests move it by hand); shared counters follow the wall clock. */
  now?: (() => number) | undefined;
  /** Told once per outage when a PostgreSQL workspace's shared counters can't be reached. */
  onStoreFailure?: ((error: StoreUnavailableError) => void) | undefined;
};

/**
 * The counters a workspace's runtime uses: in this process for SQLite (one replica; synchronous),
 * in the database for PostgreSQL (any number of replicas; a promise whenever a limit applies).
 */
export async function rateLimitsFor(storage: Storage, options: RateLimitOptions = {}): Promise<RateLimitCounters> {
  const failedAuth = options.failedAuth ?? DEFAULT_FAILED_AUTH;
  const addressCeiling = options.addressCeiling ?? DEFAULT_ADDRESS_CEILING;
  if (storage.engine === 'sqlite') return new RateLimits(failedAuth, options.now ?? Date.now, addressCeiling);
  return SharedRateLimits.open(storage.pg, {
    failedAuth, addressCeiling,
    ...(options.onStoreFailure === undefined ? {} : { onStoreFailure: options.onStoreFailure }),
  });
}
