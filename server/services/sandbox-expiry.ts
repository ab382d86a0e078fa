import type { Sandboxes } from '../workspace/sandboxes.js';

/** How often idle sandboxes are looked for; they go a day after their last Draft run, so an hour late is fine. */
export const SANDBOX_SWEEP_MS = 60 * 60 * 1000;

/** Deletes idle Draft sandboxes now and every SANDBOX_SWEEP_MS; answers the stop, which waits for a sweep under way. */
export function startSandboxExpiry(sandboxes: Sandboxes): () => Promise<void> {
  let sweeping: Promise<void> = Promise.resolve();
  const sweep = (): void => {
    sweeping = sandboxes.expire().then(
      () => undefined,
      (error: unknown) => {
        // A busy or full disk: the next sweep tries again; Draft runs are not affected.
        console.error('[sandboxes] could not delete idle Draft sandboxes:', error instanceof Error ? error.message : error);
      },
    );
  };
  sweep();
  const timer = setInterval(sweep, SANDBOX_SWEEP_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    // The workspace closes next: a sweep must not be left writing to it.
    return sweeping;
  };
}
