import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Rectangle } from './surface.js';

/** What the app remembers between launches, in `<userData>/desktop-state.json`. */
export const STATE_FILE = 'desktop-state.json';

/** How much of a saved window must still be on some screen to put it back there. */
const MIN_VISIBLE = { width: 120, height: 60 };

const Bounds = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(150).max(20_000),
});

/** Ports a user may fix for the published APIs: above the privileged ones, which need root. */
export const RUNTIME_PORT_RANGE = { min: 1024, max: 65_535 } as const;
/** The preference "any free port": the OS picks one at every server start. */
export const ANY_FREE_PORT = 0;

const RuntimePort = z
  .number()
  .int()
  .refine((port) => port === ANY_FREE_PORT || (port >= RUNTIME_PORT_RANGE.min && port <= RUNTIME_PORT_RANGE.max));

const DesktopState = z.object({
  window: Bounds.extend({ maximized: z.boolean().default(false) }).optional(),
  /** The workspace file last opened successfully; the default one in userData when absent. */
  workspace: z.string().min(1).optional(),
  /** Where the published APIs should listen (ANY_FREE_PORT for any); the default port when absent. A taken port falls back to a free one. */
  runtimePort: RuntimePort.optional(),
});
export type DesktopState = z.infer<typeof DesktopState>;
export type WindowState = NonNullable<DesktopState['window']>;

/** A missing, unreadable or malformed file is a first launch, not an error; a malformed entry alone is dropped. */
export function loadState(userDataDir: string): DesktopState {
  let saved: unknown;
  try {
    saved = JSON.parse(readFileSync(path.join(userDataDir, STATE_FILE), 'utf8'));
  } catch {
    return {};
  }
  if (typeof saved !== 'object' || saved === null) return {};
  const state: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(DesktopState.shape)) {
    const entry = schema.safeParse((saved as Record<string, unknown>)[key]);
    if (entry.success && entry.data !== undefined) state[key] = entry.data;
  }
  return state as DesktopState;
}

/** Written whole through a temp file so a crash mid-write can't leave half a file. */
export function saveState(userDataDir: string, state: DesktopState): void {
  mkdirSync(userDataDir, { recursive: true });
  const file = path.join(userDataDir, STATE_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** Saved bounds if enough of them is on a screen that still exists; otherwise only the size (the window is centred). */
export function restorableBounds(saved: WindowState | undefined, workAreas: Rectangle[]): Partial<Rectangle> | undefined {
  if (!saved) return undefined;
  const { x, y, width, height } = saved;
  const visible = workAreas.some((area) => {
    const overlapWidth = Math.min(x + width, area.x + area.width) - Math.max(x, area.x);
    const overlapHeight = Math.min(y + height, area.y + area.height) - Math.max(y, area.y);
    return overlapWidth >= MIN_VISIBLE.width && overlapHeight >= MIN_VISIBLE.height;
  });
  return visible ? { x, y, width, height } : { width, height };
}
