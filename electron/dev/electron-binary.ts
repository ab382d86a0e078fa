import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Development tooling (scripts/start.mjs, the smoke test); not part of the packaged app.
 * The `electron` package fetches its binary on first use, not at install; these find it
 * without requiring the package and fetch it explicitly, so a failure (offline) is an answer
 * rather than a thrown error.
 */

/** After this long a download is a real one (offline it fails at once), worth a word. */
const SLOW_DOWNLOAD_NOTICE_MS = 2_000;

const OFFLINE = 'offline install';

export type ElectronBinary = { found: true; path: string; version: string } | { found: false; reason: string };

export function findElectronBinary(projectDir: string, env: Record<string, string | undefined> = process.env): ElectronBinary {
  let packageDir: string;
  try {
    packageDir = path.dirname(createRequire(path.join(projectDir, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { found: false, reason: 'the electron package is not installed' };
  }
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  // The package writes path.txt (the executable's path inside dist/) once its download succeeded.
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!override && !relative) return { found: false, reason: OFFLINE };
  const executable = override ? path.join(override, relative ?? 'electron') : path.join(packageDir, 'dist', relative!);
  if (!existsSync(executable)) return { found: false, reason: `no binary at ${executable}` };
  return { found: true, path: executable, version };
}

/**
 * The electron package's own download step, as its first require would run it; resolves false
 * when it fails (offline) or downloads are switched off with ELECTRON_SKIP_BINARY_DOWNLOAD.
 */
export function downloadElectronBinary(projectDir: string, onSlow: () => void, env: Record<string, string | undefined> = process.env): Promise<boolean> {
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) return Promise.resolve(false);
  let installer: string;
  try {
    installer = createRequire(path.join(projectDir, 'package.json')).resolve('electron/install.js');
  } catch {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installer], { stdio: 'ignore', env });
    const slow = setTimeout(onSlow, SLOW_DOWNLOAD_NOTICE_MS);
    const done = (ok: boolean): void => {
      clearTimeout(slow);
      resolve(ok);
    };
    child.on('exit', (code) => done(code === 0));
    child.on('error', () => done(false));
  });
}

/** The binary, downloading it first if the package never has. */
export async function ensureElectronBinary(projectDir: string, onSlow: () => void = () => undefined): Promise<ElectronBinary> {
  const found = findElectronBinary(projectDir);
  if (found.found || found.reason !== OFFLINE) return found;
  if (!(await downloadElectronBinary(projectDir, onSlow))) return { found: false, reason: `${OFFLINE}: the binary could not be downloaded` };
  return findElectronBinary(projectDir);
}
