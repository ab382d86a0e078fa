import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Development tooling (scripts/start.mjs, the smoke test); not part of the packaged app.
 * Finds the Electron executable the `electron` package downloaded, without requiring the
 * package: `require('electron')` tries to download a missing binary, which hangs or fails offline.
 */

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
  if (!override && !relative) return { found: false, reason: 'offline install' };
  const executable = override ? path.join(override, relative ?? 'electron') : path.join(packageDir, 'dist', relative!);
  if (!existsSync(executable)) return { found: false, reason: `no binary at ${executable}` };
  return { found: true, path: executable, version };
}
