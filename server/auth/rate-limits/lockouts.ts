import { credentialOf } from './credential.js';
import { failureKey, MS_PER_SECOND, type Counted } from './decision.js';

// Blocked entries are swept only when a map grows past this, so the check stays a lookup.
const BLOCKED_SWEEP_SIZE = 10_000;

/**
 * This process's answer to "is this credential (or address) locked out?", a map lookup on every
 * request. It is learned from the failure counters' answers, wherever those are kept: with shared
 * counters, a replica learns of a lockout another caused on its own next failure there.
 */
export class Lockouts {
  /** `failureKey(address, credential)` → until when that credential is refused there. */
  private readonly blockedUntil = new Map<string, number>();
  /** address → until when its uncached tokens are not verified. */
  private readonly floodedUntil = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** Seconds this credential must still wait at this address; a map lookup, and a hash only while some credential is blocked. */
  credentialRetryAfter(ip: string, authorization: string | undefined): number {
    if (this.blockedUntil.size === 0) return 0;
    return this.secondsLeft(this.blockedUntil, failureKey(ip, credentialOf(authorization)));
  }

  addressRetryAfter(ip: string): number {
    if (this.floodedUntil.size === 0) return 0;
    return this.secondsLeft(this.floodedUntil, ip);
  }

  /** Applies one failure's counts: blocks what went over; answers the seconds its credential must wait, else 0. */
  settle(ip: string, key: string, credential: Counted, address: Counted): number {
    if (!address.allowed) this.block(this.floodedUntil, ip, address);
    return credential.allowed ? 0 : this.block(this.blockedUntil, key, credential);
  }

  private block(blocked: Map<string, number>, key: string, counted: Counted): number {
    const waitMs = Math.max(counted.res.msBeforeNext, MS_PER_SECOND);
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

  private sweep(blocked: Map<string, number>): void {
    const at = this.now();
    for (const [key, until] of blocked) if (until <= at) blocked.delete(key);
  }
}
