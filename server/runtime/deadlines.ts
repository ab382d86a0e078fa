import type { RunContext } from '../executors/types.js';

/** One request's run: its deadline and, made only when an executor asks for it, its abort signal. */
export class RequestRun implements RunContext {
  expired = false;
  private controller: AbortController | undefined;

  constructor(
    readonly requestId: string,
    readonly deadline: number,
    private readonly onExpire: () => void,
  ) {}

  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    if (this.expired) this.controller.abort();
    return this.controller.signal;
  }

  expire(): void {
    this.expired = true;
    this.controller?.abort();
    this.onExpire();
  }
}

export const DEFAULT_DEADLINE_MS = 30_000;
const MAX_SWEEP_MS = 100;

/**
 * Deadlines of in-flight requests, checked by one timer instead of a timer, an AbortController and
 * a Promise.race per request: most flows finish in microseconds and never need any of them.
 */
export class Deadlines {
  private readonly running = new Set<RequestRun>();
  private readonly timer: NodeJS.Timeout;

  constructor(readonly ms: number) {
    this.timer = setInterval(() => this.sweep(), Math.max(1, Math.min(MAX_SWEEP_MS, Math.floor(ms / 10))));
    this.timer.unref();
  }

  start(requestId: string, onExpire: () => void): RequestRun {
    const run = new RequestRun(requestId, Date.now() + this.ms, onExpire);
    this.running.add(run);
    return run;
  }

  finish(run: RequestRun): void {
    this.running.delete(run);
  }

  private sweep(): void {
    if (this.running.size === 0) return;
    const now = Date.now();
    for (const run of this.running) {
      if (run.deadline <= now) {
        this.running.delete(run);
        run.expire();
      }
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
