import { createInterface } from 'node:readline';
import { addressesOf, isFromServer, redactLine, type ServerAddresses, type ToServer } from './server-protocol.js';
import type { ForkServer, ServerChild } from './surface.js';

/** Where published APIs live by default (DESIGN.md): a stable address builders can hand out; flowgate serve's default too. */
export { DEFAULT_RUNTIME_PORT } from '../server/config.js';
/** Migrations on a big workspace take a moment; a server that has not reported ready by then is stuck. */
export const READY_TIMEOUT_MS = 60_000;
/** The server drains for up to 10 s (server/app.ts) and then flushes; give it a little more. */
export const STOP_TIMEOUT_MS = 15_000;
const KILL_TIMEOUT_MS = 3_000;
const LOGIN_URL_TIMEOUT_MS = 5_000;
const TAIL_LINES = 40;
/** After exit, how long to wait for the last printed lines to be read. */
const OUTPUT_DRAIN_MS = 500;

export type ServerLaunch = {
  /** The compiled utility-process entry, dist/electron/server-entry.js. */
  entry: string;
  dbFile: string;
  adminKey: string;
  kek: string | undefined;
  runtimePort: number;
  /** Listen on a free runtime port when runtimePort is taken (the actual one is in the ready message). */
  portFallback?: boolean;
  /** The environment to start from (the main process's); Flowgate's own secrets are set on top. */
  baseEnv: Record<string, string | undefined>;
  log: (line: string) => void;
  readyTimeoutMs?: number;
};

/** Flags as `flowgate serve` takes them: the admin listener on a free port, published APIs on the given one (or a free one with portFallback), loopback only. */
export function serverArgs(launch: Pick<ServerLaunch, 'dbFile' | 'runtimePort' | 'portFallback'>): string[] {
  const args = ['serve', '--db', launch.dbFile, '--admin-port', '0', '--port', String(launch.runtimePort), '--host', '127.0.0.1'];
  return launch.portFallback ? [...args, '--port-fallback'] : args;
}

export function serverEnv(launch: Pick<ServerLaunch, 'adminKey' | 'kek' | 'baseEnv'>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(launch.baseEnv)) {
    if (value !== undefined && name !== 'FLOWGATE_ADMIN_KEY' && name !== 'FLOWGATE_KEK' && name !== 'ELECTRON_RUN_AS_NODE') env[name] = value;
  }
  env.FLOWGATE_ADMIN_KEY = launch.adminKey;
  if (launch.kek) env.FLOWGATE_KEK = launch.kek;
  return env;
}

/** The server did not come up; `output` is what it printed (the reason is usually on its last line). */
export class ServerStartError extends Error {
  constructor(
    message: string,
    readonly output: string[],
  ) {
    super(message);
  }
}

export type ServerExit = { code: number; output: string[] };

/** The server's utility process, from fork to a clean stop. */
export class ServerProcess {
  private readonly tail: string[] = [];
  /** Resolves with the exit code once the process is gone and what it printed has been read. */
  private readonly exited: Promise<number>;
  private stopping = false;
  private hasExited = false;
  private readonly exitListeners = new Set<(exit: ServerExit) => void>();
  private readonly loginUrlWaiters: ((url: string) => void)[] = [];
  /** Re-checked when the ready message comes and at exit while starting. */
  private progress: () => void = () => undefined;
  addresses: ServerAddresses | undefined;

  private constructor(
    private readonly child: ServerChild,
    readonly dbFile: string,
    log: (line: string) => void,
  ) {
    const streams = [child.stdout, child.stderr].filter((stream) => stream !== null);
    const drained = Promise.all(
      streams.map(
        (input) =>
          new Promise<void>((resolve) => {
            const lines = createInterface({ input, crlfDelay: Infinity });
            lines.on('line', (line) => {
              this.tail.push(line);
              if (this.tail.length > TAIL_LINES) this.tail.shift();
              log(`[server] ${redactLine(line)}`);
            });
            lines.on('close', resolve);
          }),
      ),
    );
    this.exited = new Promise((resolve) => {
      child.on('exit', (code) => {
        void exitsWithin(drained, OUTPUT_DRAIN_MS).then(() => {
          this.hasExited = true;
          resolve(code);
          this.progress();
          if (!this.stopping) for (const listener of this.exitListeners) listener({ code, output: this.output() });
        });
      });
    });
    child.on('message', (message) => {
      if (!isFromServer(message)) return;
      if (message.type === 'login-url') return this.loginUrlWaiters.shift()?.(message.url);
      this.addresses ??= addressesOf(message);
      this.progress();
    });
  }

  /** Forks the server and resolves once it reports where it listens; rejects with what it printed if it exits or hangs first. */
  static async start(fork: ForkServer, launch: ServerLaunch): Promise<ServerProcess> {
    const child = fork(launch.entry, serverArgs(launch), { env: serverEnv(launch), stdio: 'pipe', serviceName: 'Flowgate server' });
    const server = new ServerProcess(child, launch.dbFile, launch.log);
    const timeoutMs = launch.readyTimeoutMs ?? READY_TIMEOUT_MS;
    try {
      await new Promise<ServerAddresses>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new ServerStartError(`The server did not report ready within ${timeoutMs / 1000} s.`, server.output()));
        }, timeoutMs);
        server.progress = () => {
          const addresses = server.addresses;
          if (addresses) resolve(addresses);
          else if (server.hasExited) reject(new ServerStartError('The server stopped while starting.', server.output()));
          else return;
          clearTimeout(timer);
        };
      });
    } catch (error) {
      await server.stop(KILL_TIMEOUT_MS);
      throw error;
    } finally {
      server.progress = () => undefined;
    }
    return server;
  }

  get running(): boolean {
    return !this.hasExited && !this.stopping;
  }

  /** Called when the server exits without being asked to. */
  onUnexpectedExit(listener: (exit: ServerExit) => void): void {
    this.exitListeners.add(listener);
  }

  /** What the server printed last, with login codes hidden. */
  output(): string[] {
    return this.tail.map(redactLine);
  }

  /** A fresh one-time login link for the OS browser; the bare editor address (with its sign-in screen) if the server doesn't answer. */
  loginUrl(): Promise<string> {
    const fallback = this.addresses ? `${this.addresses.adminUrl}/` : '';
    if (!this.running) return Promise.resolve(fallback);
    return new Promise((resolve) => {
      const answer = (url: string): void => {
        clearTimeout(timer);
        resolve(url);
      };
      const timer = setTimeout(() => {
        this.loginUrlWaiters.splice(this.loginUrlWaiters.indexOf(answer), 1);
        resolve(fallback);
      }, LOGIN_URL_TIMEOUT_MS);
      this.loginUrlWaiters.push(answer);
      this.send({ type: 'login-url' });
    });
  }

  /** Asks the server to drain and flush, waits for it to exit, and kills it only if it won't. */
  async stop(timeoutMs = STOP_TIMEOUT_MS): Promise<void> {
    if (this.hasExited) return;
    this.stopping = true;
    this.send({ type: 'stop' });
    if (await exitsWithin(this.exited, timeoutMs)) return;
    this.child.kill();
    await exitsWithin(this.exited, KILL_TIMEOUT_MS);
  }

  private send(message: ToServer): void {
    try {
      this.child.postMessage(message);
    } catch {
      // Gone already: its exit is on the way.
    }
  }
}

async function exitsWithin(done: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const result = await Promise.race([done.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}
