import type { Sandboxes } from '../workspace/sandboxes.js';

/** How often idle sandboxes are looked for; they go a day after their last Draft run, so an hour late is fine. */
export const SANDBOX_SWEEP_MS = 60 * 60 * 1000;

/** Deletes idle Draft sandboxes now and every SANDBOX_SWEEP_MS; answers the stop. */
export function startSandboxExpiry(sandboxes: Sandboxes): () => void {
  const sweep = async (): Promise<void> => {
    try {
      await sandboxes.expire();
    } catch (error) {
      // A busy or full disk: the next sweep tries again; Draft runs are not affected.
      console.error('[sandboxes] could not delete idle Draft sandboxes:', error instanceof Error ? error.message : error);
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), SANDBOX_SWEEP_MS);
  timer.unref();
  return () => clearInterval(timer);
}
