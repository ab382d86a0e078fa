import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

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
/** How electron-builder loads a hook named in the config, and how it decides on notarising and on a Windows certificate. */
const { resolveFunction } = require('app-builder-lib/out/util/resolve.js') as {
  resolveFunction: <T>(type: string | undefined, executor: string, name: string, rootSearchDir: string) => Promise<T>;
};
const { MacTargetHelper } = require('app-builder-lib/out/mac/MacTargetHelper.js') as { MacTargetHelper: { getNotarizeOptions: (appPath: string) => Record<string, string> | undefined } };
const { PlatformPackager } = require('app-builder-lib') as { PlatformPackager: { prototype: { getCscLink: (this: unknown, extraEnvName: string) => string | undefined } } };

type BeforePack = (context: { packager: { config: BuilderConfig } }, env?: Record<string, string | undefined>) => Promise<void>;

async function loadConfig(): Promise<BuilderConfig> {
  return getConfig(ROOT, null, null);
}

/** The loader normalises `files` into file sets; their patterns, flat. */
const filePatterns = (config: BuilderConfig): string[] =>
  (config.files as (string | { filter?: string[] })[]).flatMap((entry) => (typeof entry === 'string' ? [entry] : (entry.filter ?? [])));

afterEach(() => {
  vi.unstubAllEnvs();
});

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
    // The zip is what electron-updater installs from on macOS.
    expect(config.mac.target).toEqual(['dmg', 'zip']);
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
    expect(filePatterns(config)).toEqual(
      expect.arrayContaining(['package.json', 'dist/**', 'bin/**', '!dist/test/**', '!dist/electron/dev/**', '!dist/*.tsbuildinfo', '!dist/server-build.json', '!dist/renderer-build.json']),
    );
  });

  it('has a 512×512 PNG icon', async () => {
    const config = await loadConfig();
    const icon = readFileSync(path.join(ROOT, config.icon as string));
    expect(icon.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([512, 512]);
    expect(filePatterns(config)).toContain('build/icon.png');
  });
});

describe('electron-builder.yml: the fused binary', () => {
  it('flips each fuse: no running as Node, no NODE_OPTIONS or --inspect, app code only from an integrity-checked asar, encrypted cookies', async () => {
    const config = await loadConfig();
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
    // onlyLoadAppFromAsar needs an asar to load from.
    expect(config.asar).toBe(true);
  });
});

describe('electron-builder.yml: signing hooks', () => {
  it('signs macOS builds with the hardened runtime and only the entitlements Electron needs', async () => {
    const config = await loadConfig();
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.entitlements).toBe('build/entitlements.mac.plist');
    expect(config.mac.entitlementsInherit).toBe('build/entitlements.mac.plist');
    const plist = readFileSync(path.join(ROOT, config.mac.entitlements as string), 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((match) => match[1]);
    const granted = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((match) => match[1]);
    expect(granted).toEqual(keys);
    expect(granted.sort()).toEqual(['com.apple.security.cs.allow-jit', 'com.apple.security.network.client', 'com.apple.security.network.server']);
  });

  it('notarises only when the Apple variables are set (electron-builder skips it otherwise)', async () => {
    const config = await loadConfig();
    expect(config.mac.notarize).toBe(true);
    for (const name of ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID', 'APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER', 'APPLE_KEYCHAIN_PROFILE']) vi.stubEnv(name, undefined);
    expect(MacTargetHelper.getNotarizeOptions('/out/Flowgate.app')).toBeUndefined();
    vi.stubEnv('APPLE_ID', 'dev@example.com');
    vi.stubEnv('APPLE_APP_SPECIFIC_PASSWORD', 'abcd-efgh-ijkl-mnop');
    vi.stubEnv('APPLE_TEAM_ID', 'TEAM123456');
    expect(MacTargetHelper.getNotarizeOptions('/out/Flowgate.app')).toMatchObject({ appleId: 'dev@example.com', teamId: 'TEAM123456' });
  });

  it('takes the Windows certificate from CSC_LINK or WIN_CSC_LINK only, never from the config', async () => {
    const config = await loadConfig();
    const packager = { info: { config }, platformSpecificBuildOptions: config.win };
    expect(config.cscLink ?? config.win.cscLink ?? config.win.signtoolOptions?.certificateFile).toBeUndefined();
    vi.stubEnv('CSC_LINK', undefined);
    vi.stubEnv('WIN_CSC_LINK', undefined);
    expect(PlatformPackager.prototype.getCscLink.call(packager, 'WIN_CSC_LINK')).toBeUndefined();
    vi.stubEnv('CSC_LINK', '/secrets/flowgate.p12');
    expect(PlatformPackager.prototype.getCscLink.call(packager, 'WIN_CSC_LINK')).toBe('/secrets/flowgate.p12');
    vi.stubEnv('WIN_CSC_LINK', '/secrets/flowgate-windows.pfx');
    expect(PlatformPackager.prototype.getCscLink.call(packager, 'WIN_CSC_LINK')).toBe('/secrets/flowgate-windows.pfx');
  });
});

describe('electron-builder.yml: the update feed', () => {
  async function beforePackHook(config: BuilderConfig): Promise<BeforePack> {
    return resolveFunction<BeforePack>(undefined, config.beforePack as string, 'beforePack', ROOT);
  }

  it('publishes to a generic HTTPS feed, which the installed app reads from its app-update.yml', async () => {
    const config = await loadConfig();
    expect(config.publish).toEqual({ provider: 'generic', url: expect.stringMatching(/^https:\/\//) });
  });

  it('keeps the yml’s url without FLOWGATE_UPDATE_URL and takes the variable’s when set', async () => {
    const config = await loadConfig();
    const hook = await beforePackHook(config);
    const original = config.publish.url as string;
    await hook({ packager: { config } }, {});
    expect(config.publish.url).toBe(original);
    await hook({ packager: { config } }, { FLOWGATE_UPDATE_URL: 'https://downloads.example.com/flowgate/' });
    expect(config.publish).toEqual({ provider: 'generic', url: 'https://downloads.example.com/flowgate' });
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
  });

  it('refuses a feed in clear text or a non-URL before anything is packaged', async () => {
    const config = await loadConfig();
    const hook = await beforePackHook(config);
    await expect(hook({ packager: { config } }, { FLOWGATE_UPDATE_URL: 'http://updates.example.com' })).rejects.toThrow(/must be an https:\/\/ URL/);
    await expect(hook({ packager: { config } }, { FLOWGATE_UPDATE_URL: 'updates.example.com' })).rejects.toThrow(/is not a URL/);
    await hook({ packager: { config } }, { FLOWGATE_UPDATE_URL: 'http://127.0.0.1:8080/feed' });
    expect(config.publish.url).toBe('http://127.0.0.1:8080/feed');
  });
});
