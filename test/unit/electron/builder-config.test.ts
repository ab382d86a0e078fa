import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * electron-builder.yml, checked the way `electron-builder` checks it before packaging (its own
 * loader and JSON schema, offline), without packaging anything.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(import.meta.url);

type BuilderConfig = Record<string, any>;
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig: (projectDir: string, configPath: string | null, configFromOptions: unknown) => Promise<BuilderConfig>;
  validateConfiguration: (config: BuilderConfig, debugLogger: { isEnabled: boolean; add: () => void }) => Promise<void>;
};

async function loadConfig(): Promise<BuilderConfig> {
  return getConfig(ROOT, null, null);
}

/** The loader normalises `files` into file sets; their patterns, flat. */
const filePatterns = (config: BuilderConfig): string[] =>
  (config.files as (string | { filter?: string[] })[]).flatMap((entry) => (typeof entry === 'string' ? [entry] : (entry.filter ?? [])));

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own validation', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
  });

  it('names the app and builds AppImage and deb, dmg, and nsis', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('dev.flowgate.app');
    expect(config.productName).toBe('Flowgate');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
  });

  it('rebuilds better-sqlite3 for Electron and keeps it out of the asar', async () => {
    const config = await loadConfig();
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
  });

  it('packs the compiled app (main, preload and server entry) and the CLI, but no tests or dev tooling', async () => {
    const config = await loadConfig();
    const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(packageJson.main).toBe('dist/electron/main.js');
    expect(filePatterns(config)).toEqual(expect.arrayContaining(['package.json', 'dist/**', 'bin/**', '!dist/test/**', '!dist/electron/dev/**']));
  });

  it('has a 512×512 PNG icon', async () => {
    const config = await loadConfig();
    const icon = readFileSync(path.join(ROOT, config.icon as string));
    expect(icon.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([512, 512]);
    expect(filePatterns(config)).toContain('build/icon.png');
  });
});
