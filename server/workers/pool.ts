import type { FlowExecutor } from '../runtime/pipeline.js';
import { errorReply } from './error-reply.js';
import type { FlowCall, FlowReply, FromWorker, LogEntry, ServedChange, ServedTable } from './protocol.js';
import { ServedState } from './served-state.js';
import { WorkerProcess } from './worker-process.js';

/** A worker with calls in flight that said nothing for this long is busy or stuck: new calls go elsewhere. */
export const STUCK_MS = 100;
/** After a call's deadline, how long its worker has to confirm the cancel before it is killed and replaced. */
export const CANCEL_ACK_MS = 250;
/** Calls waiting at the listener while no worker can take them; past this, 503 at once. */
export const MAX_QUEUED_CALLS = 10_000;
/** A worker that fails to start is retried after this, doubling up to MAX_RESTART_DELAY_MS. */
const FIRST_RESTART_DELAY_MS = 250;
const MAX_RESTART_DELAY_MS = 30_000;
/** How long a closing worker gets to close its workspace before it is killed. */
const CLOSE_GRACE_MS = 5_000;
/** How long an admin change waits for the workers to compile what it published; past it, the first calls wait instead. */
export const SERVED_WAIT_MS = 5_000;
/** How long the server waits at start for every worker to open the workspace. */
export const WORKERS_START_TIMEOUT_MS = 60_000;

/** The workers could not start: the server cannot serve flows and says why. */
export class FlowWorkersUnavailable extends Error {
  readonly code = 'flow_workers_unavailable';
  constructor(message: string) {
    super(message);
    this.name = 'FlowWorkersUnavailable';
  }
}

export type FlowPoolOptions = {
  size: number;
  dbFile: string;
  /** The PostgreSQL workspace's URL, when it is there: each worker opens a small pool of its own. */
  databaseUrl?: string | undefined;
  /** Lines written by log nodes, for the server's one logger. */
  onLog: (entry: LogEntry) => void;
};

/** `dispatched`: calls handed to a worker since the start (flows run on the listener are not). */
export type FlowPoolStatus = { size: number; ready: number; restarts: number; queued: number; inFlight: number; dispatched: number; pids: number[] };


type Pending = {
  id: number;
  call: FlowCall;
  done: (reply: FlowReply) => void;
  slot: Slot | null;
  /** Past its deadline: answered by the listener; a late reply only brings the trace. */
  cancelled: boolean;
  /** The worker took the cancel, so it is not stuck. */
  acknowledged: boolean;
};
type Slot = {
  worker: WorkerProcess;
  ready: boolean;
  /** Calls sent and not replied to, cancelled ones included: they still occupy the worker. */
  calls: Map<number, Pending>;
  lastHeardAt: number;
  /** The last table generation this worker applied. */
  served: number;
};

/**
 * The listener's flow workers: each admitted request is handed to the least busy worker that is
 * not stuck, and answered from its reply. At a call's deadline (the listener has answered 504
 * by then) the worker is told to cancel it; one that cannot even take that message is killed and
 * replaced, and its other calls are answered 503, so no request is left without an answer.
 */
export class FlowPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  /** What a worker started now must be sent: the last table with every change since folded in. */
  private readonly state = new ServedState();
  private nextId = 1;
  private restarts = 0;
  private dispatched = 0;
  private startFailures = 0;
  private startFailure: string | null = null;
  private closing = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly readyWaiters = new Set<() => void>();
  private generation = 0;
  private readonly servedWaiters = new Set<() => void>();

  constructor(private readonly options: FlowPoolOptions) {
    for (let i = 0; i < options.size; i++) this.spawn();
  }

  /** Hands a call to a worker; `done` gets its reply once, unless the call is cancelled first. */
  run(call: FlowCall, done: (reply: FlowReply) => void): () => void {
    const pending: Pending = { id: this.nextId++, call, done, slot: null, cancelled: false, acknowledged: false };
    if (this.closing) {
      done(errorReply(call.requestId, 503, 'server_closing', 'The server is shutting down: try again shortly'));
      return noop;
    }
    const slot = this.pick();
    if (slot) this.dispatch(slot, pending);
    else if (this.startFailure !== null && !this.slots.some((s) => s.ready)) done(this.unavailable(call.requestId));
    else if (this.queue.length >= MAX_QUEUED_CALLS) done(errorReply(call.requestId, 503, 'server_busy', 'Every flow worker is busy: try again shortly', { 'retry-after': '1' }));
    else this.queue.push(pending);
    return () => this.cancel(pending);
  }

  /** Resolves once every worker is ready; rejects with FlowWorkersUnavailable when they cannot start in time. */
  ready(timeoutMs = WORKERS_START_TIMEOUT_MS): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.slots.length === this.options.size && this.slots.every((slot) => slot.ready)) finish();
        else if (this.startFailure !== null) finish(new FlowWorkersUnavailable(`The flow workers could not start: ${this.startFailure}`));
      };
      const finish = (error?: Error): void => {
        clearTimeout(timer);
        this.readyWaiters.delete(check);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => finish(new FlowWorkersUnavailable(`The flow workers did not start within ${timeoutMs / 1000} s`)), timeoutMs);
      this.readyWaiters.add(check);
      check();
    });
  }

  /** What the workers serve from now on, whole; sent to every worker before any call that follows it. */
  serve(table: ServedTable): void {
    this.state.replace(table);
    const generation = ++this.generation;
    for (const slot of this.slots) slot.worker.send({ kind: 'table', table, generation });
  }

  /** One API's routes changed: every worker gets that API's routes only, before any call that follows. */
  change(change: ServedChange): void {
    this.state.change(change);
    const generation = ++this.generation;
    for (const slot of this.slots) slot.worker.send({ kind: 'change', change, generation });
  }

  /**
   * Resolves once every ready worker has applied the latest table (compiled what was just published),
   * or after SERVED_WAIT_MS: a publish answers when the next request will not pay for compiling it.
   */
  served(): Promise<void> {
    return new Promise((resolve) => {
      // A stuck worker is not waited for: it takes the table before its next call, or is replaced.
      const check = (): void => {
        const now = Date.now();
        if (this.closing || this.slots.every((slot) => !slot.ready || slot.served >= this.generation || isStuck(slot, now))) finish();
      };
      const finish = (): void => {
        clearTimeout(timer);
        this.servedWaiters.delete(check);
        resolve();
      };
      const timer = setTimeout(finish, SERVED_WAIT_MS);
      this.servedWaiters.add(check);
      check();
    });
  }

  status(): FlowPoolStatus {
    let inFlight = 0;
    for (const slot of this.slots) inFlight += slot.calls.size;
    return {
      size: this.slots.length,
      ready: this.slots.filter((slot) => slot.ready).length,
      restarts: this.restarts,
      queued: this.queue.length,
      inFlight,
      dispatched: this.dispatched,
      pids: this.slots.flatMap((slot) => (slot.worker.pid === undefined ? [] : [slot.worker.pid])),
    };
  }

  /** Stops every worker (after the listeners drained); calls still waiting get 503. */
  async close(): Promise<void> {
    this.closing = true;
    for (const check of [...this.servedWaiters]) check();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const pending of this.queue.splice(0)) pending.done(errorReply(pending.call.requestId, 503, 'server_closing', 'The server is shutting down: try again shortly'));
    await Promise.all(this.slots.map((slot) => slot.worker.stop(CLOSE_GRACE_MS)));
  }

  private spawn(): void {
    const slot: Slot = {
      worker: undefined as unknown as WorkerProcess,
      ready: false,
      calls: new Map(),
      lastHeardAt: Date.now(),
      served: 0,
    };
    slot.worker = new WorkerProcess(
      (message) => this.onMessage(slot, message),
      (code, signal) => this.onExit(slot, code, signal),
    );
    this.slots.push(slot);
    slot.worker.send({ kind: 'init', dbFile: this.options.dbFile, databaseUrl: this.options.databaseUrl });
    // A new worker (at start, or in place of a lost one) gets the whole table.
    slot.worker.send({ kind: 'table', table: this.state.table(), generation: this.generation });
  }

  /** The least busy ready worker that is not stuck; undefined when none can take a call now. */
  private pick(): Slot | undefined {
    let best: Slot | undefined;
    const now = Date.now();
    for (const slot of this.slots) {
      if (!slot.ready || isStuck(slot, now)) continue;
      if (!best || slot.calls.size < best.calls.size) best = slot;
    }
    return best;
  }

  private dispatch(slot: Slot, pending: Pending): void {
    this.dispatched++;
    pending.slot = slot;
    slot.calls.set(pending.id, pending);
    if (!slot.worker.send({ kind: 'run', id: pending.id, call: pending.call })) this.replace(slot);
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const slot = this.pick();
      if (!slot) return;
      this.dispatch(slot, this.queue.shift()!);
    }
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    slot.lastHeardAt = Date.now();
    switch (message.kind) {
      case 'reply': {
        const pending = slot.calls.get(message.id);
        if (!pending) return;
        slot.calls.delete(message.id);
        pending.done(message.reply);
        break;
      }
      case 'served':
        slot.served = message.generation;
        for (const check of [...this.servedWaiters]) check();
        break;
      case 'cancelled': {
        const pending = slot.calls.get(message.id);
        if (pending) pending.acknowledged = true;
        break;
      }
      case 'log':
        this.options.onLog(message.entry);
        return;
      case 'ready':
        slot.ready = true;
        this.startFailures = 0;
        this.startFailure = null;
        this.tellReadyWaiters();
        break;
      case 'failed':
        this.startFailure = message.message;
        console.error(`[flow pool] a flow worker could not open the workspace: ${message.message}`);
        this.tellReadyWaiters();
        return;
      case 'beat':
        // Another worker's silence grows meanwhile: a wait for the table may end on it.
        if (this.servedWaiters.size > 0) for (const check of [...this.servedWaiters]) check();
        break;
    }
    if (this.queue.length > 0) this.drain();
  }

  private cancel(pending: Pending): void {
    const slot = pending.slot;
    if (!slot) {
      const index = this.queue.indexOf(pending);
      if (index !== -1) this.queue.splice(index, 1);
      return;
    }
    if (!slot.calls.has(pending.id) || pending.cancelled) return;
    pending.cancelled = true;
    if (!slot.worker.send({ kind: 'cancel', id: pending.id })) return this.replace(slot);
    this.later(CANCEL_ACK_MS, () => {
      if (!pending.acknowledged && slot.calls.has(pending.id) && this.slots.includes(slot)) this.replace(slot);
    });
  }

  /** Kills a worker that cannot listen, answers what it held, and starts another in its place. */
  private replace(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots.splice(index, 1);
    slot.worker.kill();
    this.restarts++;
    this.abandon(slot, 'The flow worker running this request was stopped because another request on it ran past its deadline: try again');
    this.tellReadyWaiters();
    if (!this.closing) this.spawn();
    this.drain();
  }

  private onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    const index = this.slots.indexOf(slot);
    if (index === -1 || this.closing) return; // replaced already, or closing
    this.slots.splice(index, 1);
    this.abandon(slot, 'The flow worker running this request stopped unexpectedly: try again');
    this.tellReadyWaiters();
    if (!slot.ready) {
      // Failed to start: retry later rather than spinning, and say why to calls that cannot wait for it.
      this.startFailure ??= `a flow worker exited while starting (${signal ?? `code ${code}`})`;
      this.tellReadyWaiters();
      const delay = Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** this.startFailures++);
      if (!this.slots.some((s) => s.ready)) for (const pending of this.queue.splice(0)) pending.done(this.unavailable(pending.call.requestId));
      this.later(delay, () => this.spawn());
      return;
    }
    console.error(`[flow pool] a flow worker stopped (${signal ?? `code ${code}`}); starting another`);
    this.restarts++;
    this.spawn();
    this.drain();
  }

  /** Every call a lost worker held gets an answer (those past their deadline have theirs). */
  private abandon(slot: Slot, message: string): void {
    for (const pending of slot.calls.values()) {
      if (!pending.cancelled) pending.done(errorReply(pending.call.requestId, 503, 'worker_restarted', message, { 'retry-after': '1' }));
    }
    slot.calls.clear();
  }

  private tellReadyWaiters(): void {
    for (const check of [...this.readyWaiters]) check();
    // A worker gone or started changes who must have applied the latest table.
    for (const check of [...this.servedWaiters]) check();
  }

  private unavailable(requestId: string): FlowReply {
    return errorReply(requestId, 503, 'flow_workers_unavailable', `No flow worker could start: ${this.startFailure ?? 'unknown reason'}`, { 'retry-after': '1' });
  }

  private later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closing) action();
    }, ms);
    this.timers.add(timer);
  }
}

const noop = (): void => undefined;

/** Calls in flight and silence past STUCK_MS: busy in one long call, or stuck in it. */
const isStuck = (slot: Slot, now: number): boolean => slot.calls.size > 0 && now - slot.lastHeardAt > STUCK_MS;

/** The pipeline's executor over a pool: every call goes to a worker. */
export function poolExecutor(pool: FlowPool): FlowExecutor {
  return (call, _route, done) => pool.run(call, done);
}
