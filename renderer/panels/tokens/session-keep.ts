import { bridge } from '../../api/bridge.js';

/** The keys this editor keeps for the session start with this. */
const KEY_PREFIX = 'flowgate.session.';

type KeptStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * Where the editor keeps, for this session only, what must survive a reload: token strings created or pasted
 * here and the request being edited. In a browser that is the tab's sessionStorage (gone with the tab, never
 * shared with other tabs); in the desktop app only memory, so nothing secret reaches its profile folder.
 * Never localStorage, never the workspace.
 */
function storage(): KeptStorage | null {
  if (typeof window === 'undefined' || bridge()) return null;
  try {
    return window.sessionStorage;
  } catch {
    // Storage turned off by the browser: memory only, as in the desktop app.
    return null;
  }
}

/** What was kept under `key` in this session, if it still has the expected shape. */
export function readKept<T>(key: string, accept: (value: unknown) => value is T): T | null {
  try {
    const text = storage()?.getItem(KEY_PREFIX + key);
    if (text === null || text === undefined) return null;
    const value = JSON.parse(text) as unknown;
    return accept(value) ? value : null;
  } catch {
    return null;
  }
}

export function keep(key: string, value: unknown): void {
  try {
    storage()?.setItem(KEY_PREFIX + key, JSON.stringify(value));
  } catch {
    // A full storage costs the reload memory, never the edit.
  }
}

export function forget(key: string): void {
  try {
    storage()?.removeItem(KEY_PREFIX + key);
  } catch {
    // Nothing kept, nothing to forget.
  }
}
