import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ensureElectronBinary } from '../../electron/dev/electron-binary.js';
import { sqliteForElectron } from '../../electron/dev/sqlite-for-electron.js';

/**
 * The real desktop app, launched through Playwright, where the Electron binary exists (it
 * can't be downloaded on offline machines). Needs `npm run build` first, like `npm test` does.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const electron = await ensureElectronBinary(ROOT);
const name = electron.found ? 'smoke: opens the editor in a locked-down window and stops the server on quit' : `smoke (skipped: no Electron binary on this machine — ${electron.reason})`;
/** A first run may download or compile better-sqlite3 for Electron. */
const SMOKE_TIMEOUT_MS = 10 * 60_000;

describe('desktop app (real Electron)', () => {
  it.skipIf(!electron.found)(
    name,
    async () => {
      if (!electron.found) return;
      expect(existsSync(path.join(ROOT, 'dist', 'electron', 'main.js')), 'run `npm run build` first').toBe(true);
      const { _electron } = await import('playwright-core');
      const userData = mkdtempSync(path.join(tmpdir(), 'flowgate-smoke-'));
      const env = { ...process.env, FLOWGATE_USER_DATA_DIR: userData, FLOWGATE_SQLITE_BINDING: sqliteForElectron(ROOT, electron.version) } as Record<string, string>;
      delete env.ELECTRON_RUN_AS_NODE;
      const app = await _electron.launch({ executablePath: electron.path, args: [ROOT], env, timeout: 60_000 });
      try {
        const page = await app.firstWindow();
        await page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\//, { timeout: 60_000 });
        const seen = await page.evaluate(() => ({
          bridge: Object.keys(window.flowgate ?? {}).sort(),
          node: typeof (globalThis as { require?: unknown }).require,
          process: typeof (globalThis as { process?: unknown }).process,
          adminUrl: window.flowgate?.adminUrl,
        }));
        expect(seen.bridge).toEqual(['adminKey', 'adminUrl', 'appVersion', 'onMenu', 'openExternal', 'openFile', 'saveFile']);
        expect(seen.node).toBe('undefined');
        expect(seen.process).toBe('undefined');
        expect(page.url().startsWith(`${seen.adminUrl}/`)).toBe(true);

        expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);

        const csp = await page.evaluate(async () => (await fetch('/')).headers.get('content-security-policy'));
        expect(csp).toContain("script-src 'self'");
        // The editor signs in with the preload's key and shows the workspace, not the sign-in screen.
        await page.waitForSelector('.sign-in', { state: 'detached', timeout: 30_000 });

        const adminUrl = seen.adminUrl!;
        await app.close();
        await expect(fetch(`${adminUrl}/admin/v1/session`)).rejects.toThrow();
      } finally {
        await app.close().catch(() => undefined);
      }
    },
    SMOKE_TIMEOUT_MS,
  );
});
