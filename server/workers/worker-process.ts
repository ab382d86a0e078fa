import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FromWorker, ToWorker } from './protocol.js';

/** A flow worker's heap: a flow that builds more than this ends its worker (503 to its calls), never the listener. */
export const WORKER_HEAP_MB = 1024;

const here = fileURLToPath(import.meta.url);
/** Run from TypeScript sources (the tests): the worker loads them the same way, through jiti's loader. */
const FROM_SOURCE = here.endsWith('.ts');
const ENTRY = path.join(path.dirname(here), `flow-worker${FROM_SOURCE ? '.ts' : '.js'}`);

function execArgv(): string[] {
  const heap = `--max-old-space-size=${WORKER_HEAP_MB}`;
  if (!FROM_SOURCE) return [heap];
  const jiti = path.join(path.dirname(createRequire(import.meta.url).resolve('jiti/package.json')), 'lib', 'jiti-register.mjs');
  return ['--import', pathToFileURL(jiti).href, heap];
}

/** One forked flow worker: messages in and out over its IPC channel, and a kill that cannot be ignored. */
export class WorkerProcess {
  readonly child: ChildProcess;
  private exited = false;
  private readonly exit: Promise<void>;

  constructor(onMessage: (message: FromWorker) => void, onExit: (code: number | null, signal: NodeJS.Signals | null) => void) {
    this.child = fork(ENTRY, [], { execArgv: execArgv(), serialization: 'json', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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

  /** False when the worker is gone (its channel closed); the caller treats it as exited. */
  send(message: ToWorker): boolean {
    if (this.exited || !this.child.connected) return false;
    try {
      this.child.send(message);
      return true;
    } catch {
      return false;
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
