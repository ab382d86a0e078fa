import { fork, type ChildProcess } from 'node:child_process';
import { workerEntry } from './entry.js';
import type { FromWorker, ToWorker } from './protocol.js';

/** A flow worker's heap: a flow that builds more than this ends its worker (503 to its calls), never the listener. */
export const WORKER_HEAP_MB = 1024;

/**
 * One forked flow worker: messages in and out over its IPC channel, and a kill that cannot be ignored.
 * Messages to the worker go out once per turn of the event loop, as one batch: a write to the pipe
 * per request cost the listener a fifth of its time under load.
 */
export class WorkerProcess {
  readonly child: ChildProcess;
  private exited = false;
  private readonly exit: Promise<void>;
  private outbox: ToWorker[] = [];

  constructor(onMessage: (message: FromWorker) => void, onExit: (code: number | null, signal: NodeJS.Signals | null) => void) {
    const entry = workerEntry('flow-worker', [`--max-old-space-size=${WORKER_HEAP_MB}`]);
    this.child = fork(entry.file, [], { execArgv: entry.execArgv, serialization: 'json', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', onMessage);
    this.exit = new Promise((resolve) => {
      // 'error' without 'exit' when the process could not be spawned at all.
      const done = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (this.exited) return;
        this.exited = true;
        resolve();
        onExit(code, signal);
      };
      this.child.once('exit', done);
      this.child.once('error', (error) => {
        console.error('[flow pool] a flow worker could not start:', error.message);
        if (this.child.pid === undefined) done(null, null);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Queues a message for this turn's batch; false when the worker is gone (its channel closed), which the caller treats as exited. */
  send(message: ToWorker): boolean {
    if (this.exited || !this.child.connected) return false;
    if (this.outbox.push(message) === 1) setImmediate(() => this.flush());
    return true;
  }

  private flush(): void {
    const batch = this.outbox;
    this.outbox = [];
    if (this.exited || !this.child.connected) return;
    try {
      this.child.send(batch);
    } catch {
      // The channel closed under us: the exit handler answers what the worker held.
      this.kill();
    }
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  /** Asks the worker to close its workspace and exit; killed if it has not within `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    if (this.exited) return;
    if (!this.send({ kind: 'close' })) this.kill();
    const timer = setTimeout(() => this.kill(), graceMs);
    await this.exit;
    clearTimeout(timer);
  }
}
