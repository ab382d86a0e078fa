import type pg from 'pg';

/** A count that takes longer goes to the in-memory insurance instead: a slow database never holds a request longer. */
export const STORE_QUERY_TIMEOUT_MS = 500;
/** After the store failed, counts stay in memory this long before one request tries it again. */
export const STORE_RETRY_AFTER_MS = 1_000;

/** What rate-limiter-flexible's PostgreSQL store calls: `query({ name, text, values })`. */
export type StoreQuery = { name?: string; text: string; values?: unknown[] };

/** Told once when the shared counters become unreachable, and once when they answer again. */
export type StoreEvents = { failed?: (error: StoreUnavailableError) => void; recovered?: () => void };

export class StoreUnavailableError extends Error {
  readonly code = 'rate_limit_store_unavailable';
  constructor(cause: unknown) {
    super(`The shared rate-limit counters are unreachable; this replica counts on its own meanwhile: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * The PostgreSQL pool as rate-limiter-flexible's `storeClient`, with a deadline on each count and a
 * pause after a failure: the library then answers from its `insuranceLimiter` (this replica's memory)
 * at once instead of every request waiting on a database that is gone. After the pause one request
 * probes the database while the others keep counting in memory.
 */
export class StoreClient {
  private pausedUntil = 0;
  private probing = false;
  /** When the store last failed and why (null while it answers): what a health check can show. */
  lastFailure: { at: number; error: StoreUnavailableError } | null = null;

  constructor(
    private readonly pool: Pick<pg.Pool, 'query'>,
    private readonly events: StoreEvents = {},
  ) {}

  query(config: StoreQuery): Promise<pg.QueryResult> {
    if (this.pausedUntil !== 0) {
      if (this.probing || Date.now() < this.pausedUntil) return Promise.reject(this.lastFailure!.error);
      this.probing = true;
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(this.failed(new Error(`no answer within ${STORE_QUERY_TIMEOUT_MS} ms`))), STORE_QUERY_TIMEOUT_MS);
      this.pool.query(config as pg.QueryConfig).then(
        (result) => {
          clearTimeout(timer);
          if (this.pausedUntil !== 0) this.recovered();
          resolve(result);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(this.failed(error));
        },
      );
    });
  }

  private failed(cause: unknown): StoreUnavailableError {
    const error = new StoreUnavailableError(cause);
    const first = this.pausedUntil === 0;
    this.pausedUntil = Date.now() + STORE_RETRY_AFTER_MS;
    this.probing = false;
    this.lastFailure = { at: Date.now(), error };
    if (first) this.events.failed?.(error);
    return error;
  }

  private recovered(): void {
    this.pausedUntil = 0;
    this.probing = false;
    this.lastFailure = null;
    this.events.recovered?.();
  }
}
