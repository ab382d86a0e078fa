import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Development tooling (scripts/start.mjs, the smoke test); not part of the packaged app.
 *
 * node_modules holds better-sqlite3 built for Node, which `flowgate serve` and the tests need;
 * Electron's utility process needs one built for Electron's ABI. This builds that once per
 * Electron version into node_modules/.cache from a copy of the package, never touching the
 * original (electron-rebuild on the project would replace Node's build). The server entry
 * loads it through FLOWGATE_SQLITE_BINDING. Packaged apps don't need it: electron-builder
 * rebuilds better-sqlite3 for Electron when it packages.
 */
export function sqliteForElectron(projectDir: string, electronVersion: string, log: (line: string) => void = console.log): string {
  const cacheDir = path.join(projectDir, 'node_modules', '.cache', 'flowgate-electron');
  const target = path.join(cacheDir, `better_sqlite3-electron-${electronVersion}-${process.platform}-${process.arch}.node`);
  if (existsSync(target)) return target;

  const require = createRequire(path.join(projectDir, 'package.json'));
  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  const stage = path.join(cacheDir, `stage-${electronVersion}`, 'better-sqlite3');
  rmSync(path.dirname(stage), { recursive: true, force: true });
  cpSync(source, stage, { recursive: true, filter: (file) => path.relative(source, file).split(path.sep)[0] !== 'build' });
  log(`Building better-sqlite3 for Electron ${electronVersion} (once; cached in ${cacheDir})…`);

  // npm's nodedir points node-gyp at Node's own headers; Electron needs its own.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(name)));
  const electronTarget = [`--target=${electronVersion}`, `--arch=${process.arch}`];
  const run = (script: string, args: string[]): boolean =>
    spawnSync(process.execPath, [script, ...args], { cwd: stage, env, stdio: 'inherit' }).status === 0;

  try {
    const prebuilt = run(require.resolve('prebuild-install/bin.js'), ['--runtime=electron', ...electronTarget, `--platform=${process.platform}`, '--tag-prefix=v', '--verbose']);
    const built =
      prebuilt ||
      run(require.resolve('node-gyp/bin/node-gyp.js'), ['rebuild', '--release', '--runtime=electron', ...electronTarget, '--dist-url=https://electronjs.org/headers']);
    const addon = path.join(stage, 'build', 'Release', 'better_sqlite3.node');
    if (!built || !existsSync(addon)) {
      throw new Error(`Could not build better-sqlite3 for Electron ${electronVersion}: no prebuilt binary downloaded and node-gyp failed (see above).`);
    }
    mkdirSync(cacheDir, { recursive: true });
    copyFileSync(addon, target);
    return target;
  } finally {
    rmSync(path.dirname(stage), { recursive: true, force: true });
  }
}
