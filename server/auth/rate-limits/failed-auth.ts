import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { credentialOf } from './credential.js';
import { countOne, failureKey } from './decision.js';
import type { Lockouts } from './lockouts.js';

/**
 * Failed authentications and the lockouts they lead to, the part both kinds of counters share:
 * each keeps its failure limiters where it counts (process memory, or the shared database), and
 * the lockouts learned from their answers in this process.
 */
export abstract class FailedAuthCounting {
  protected abstract readonly failedAuth: RateLimiterAbstract;
  protected abstract readonly addressFailures: RateLimiterAbstract;
  protected abstract readonly lockouts: Lockouts;

  /** Seconds this credential (the Authorization header's token, or none) must still wait at this address; 0 when it may try. */
  failedAuthRetryAfter(ip: string, authorization?: string): number {
    return this.lockouts.credentialRetryAfter(ip, authorization);
  }

  /** Seconds an address flooding failures must still wait before its uncached tokens are verified again; 0 normally. */
  addressFloodRetryAfter(ip: string): number {
    return this.lockouts.addressRetryAfter(ip);
  }

  /** Counts a failed authentication per credential and address; answers the seconds that credential must now wait, else 0. */
  async recordFailedAuth(ip: string, authorization?: string): Promise<number> {
    const key = failureKey(ip, credentialOf(authorization));
    const [credential, address] = await Promise.all([countOne(this.failedAuth, key), countOne(this.addressFailures, ip)]);
    return this.lockouts.settle(ip, key, credential, address);
  }
}
