import { isStorageFailure } from '../workspace/storage-errors.js';
import type { TokenUse, UsageStore } from './usage-store.js';

export const DEFAULT_USAGE_FLUSH_MS = 1000;
// Addresses remembered per token to skip re-inserting known ones; past this the table's primary key dedupes.
const MAX_KNOWN_IPS_PER_TOKEN = 1000;

type PendingUse = { count: number; lastAtMs: number; lastIp: string; newIps: Map<string, number> | null };

/**
 * Token usage (last used at, last address, count) and first-seen addresses, counted in memory
 * and written in one batch per interval: a request never waits for the database.
 */
export class UsageRecorder {
  private pending = new Map<string, PendingUse>();
  private failing = false;
  private closed = false;
  private readonly knownIps = new Map<string, Set<string>>();
  private readonly timer: NodeJS.Timeout;
  /** The flushes in order: one batch at a time, and a flush settles after everything recorded before it is written. */
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: UsageStore,
    flushMs = DEFAULT_USAGE_FLUSH_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => void this.flush(), flushMs);
    this.timer.unref();
  }

  record(tokenId: string, ip: string): void {
    const at = this.now();
    let use = this.pending.get(tokenId);
    if (!use) {
      use = { count: 0, lastAtMs: at, lastIp: ip, newIps: null };
      this.pending.set(tokenId, use);
    }
    use.count++;
    use.lastAtMs = at;
    use.lastIp = ip;
    let known = this.knownIps.get(tokenId);
    if (!known) {
      known = new Set();
      this.knownIps.set(tokenId, known);
    }
    if (!known.has(ip)) {
      if (known.size >= MAX_KNOWN_IPS_PER_TOKEN) known.clear();
      known.add(ip);
      (use.newIps ??= new Map()).set(ip, at);
    }
  }

  /**
   * Writes what has gathered; called on a timer, before admin reads, and at shutdown. Never
   * rejects: a batch the database cannot take is kept (one entry per token, so memory stays
   * bounded) and written with the next one once it can.
   */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writePending());
    return this.flushing;
  }

  private async writePending(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.store.write(toUses(batch));
      if (this.failing) console.error('[usage] recording token usage again');
      this.failing = false;
    } catch (error) {
      this.keep(batch);
      // Said once when writes start failing, not every interval while it lasts.
      if (!this.failing && !this.closed) console.error(`[usage] token usage kept in memory until it can be written: ${isStorageFailure(error) ? 'the disk is full or failing' : String(error)}`);
      this.failing = true;
    }
  }

  /** Folds a batch that could not be written back into what is pending, older first. */
  private keep(batch: Map<string, PendingUse>): void {
    for (const [tokenId, older] of batch) {
      const newer = this.pending.get(tokenId);
      if (!newer) {
        this.pending.set(tokenId, older);
        continue;
      }
      newer.count += older.count;
      if (older.newIps) {
        for (const [ip, atMs] of older.newIps) {
          const seen = newer.newIps?.get(ip);
          (newer.newIps ??= new Map()).set(ip, seen === undefined ? atMs : Math.min(seen, atMs));
        }
      }
    }
  }

  /** Forget a deleted token's remembered addresses. */
  forget(tokenId: string): void {
    this.knownIps.delete(tokenId);
    this.pending.delete(tokenId);
  }

  /** Stops the timer and writes the rest; call before closing the database. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    this.closed = true;
  }
}

function toUses(batch: Map<string, PendingUse>): TokenUse[] {
  return [...batch].map(([tokenId, use]) => ({
    tokenId,
    count: use.count,
    lastAt: new Date(use.lastAtMs).toISOString(),
    lastIp: use.lastIp,
    newIps: use.newIps ? [...use.newIps].map(([ip, atMs]) => ({ ip, firstSeen: new Date(atMs).toISOString() })) : [],
  }));
}
