import type { Page } from 'playwright-core';

export type FrameStats = { frames: number; p50: number; p95: number; max: number };

/** Starts recording requestAnimationFrame deltas in the page. */
export async function startFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const state = { deltas: [] as number[], last: 0, running: true };
    (window as unknown as { __frames: typeof state }).__frames = state;
    const tick = (now: number): void => {
      if (state.last) state.deltas.push(now - state.last);
      state.last = now;
      if (state.running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Stops recording and summarises the frame times in milliseconds. */
export async function stopFrames(page: Page): Promise<FrameStats> {
  const deltas = await page.evaluate(() => {
    const state = (window as unknown as { __frames: { deltas: number[]; running: boolean } }).__frames;
    state.running = false;
    return state.deltas;
  });
  const sorted = [...deltas].sort((a, b) => a - b);
  const at = (q: number): number => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 10) / 10;
  return { frames: sorted.length, p50: at(0.5), p95: at(0.95), max: at(1) };
}
