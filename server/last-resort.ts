/** SQLite's word for a workspace file that is damaged: serving on could make it worse. */
const UNSAFE_CODES: ReadonlySet<string> = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

export type LastResortOptions = {
  /** Where the error is said; the console by default. */
  log?: (line: string, error: unknown) => void;
  /** Called for an error after which serving on is not safe (a damaged workspace): stop cleanly. */
  stop: (reason: string) => void;
  /** Where the events come from; this process by default. */
  events?: Pick<NodeJS.EventEmitter, 'on'>;
};

/**
 * The CLI's last resort once it serves: an error nothing caught (a timer, a stray promise) is
 * logged and the server keeps answering everyone else, as each request already does for its own
 * errors. Only a damaged workspace stops it. Installed after listening: failing to start still exits.
 */
export function keepServingThroughUncaughtErrors(options: LastResortOptions): void {
  const log = options.log ?? ((line: string, error: unknown) => console.error(line, error));
  const handle = (kind: string) => (error: unknown): void => {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && UNSAFE_CODES.has(code)) {
      log(`[flowgate] ${kind} from a damaged workspace (${code}); stopping`, error);
      options.stop(`${kind} (${code})`);
      return;
    }
    log(`[flowgate] ${kind}; still serving:`, error);
  };
  const events = options.events ?? process;
  events.on('uncaughtException', handle('uncaught exception'));
  events.on('unhandledRejection', handle('unhandled rejection'));
}
