import { createRequire } from 'node:module';

/**
 * Dev runs only (`npm start` with a real Electron): node_modules keeps better-sqlite3 built for
 * Node, which `flowgate serve` and the tests need, so scripts/start.mjs builds a copy for
 * Electron's ABI and names it in FLOWGATE_SQLITE_BINDING. better-sqlite3 loads its addon through
 * the `bindings` package at the first `new Database()`; answering that require from the cache
 * hands it the Electron build. Packaged apps are rebuilt for Electron and never set the variable.
 */
export function useSqliteBinding(addonFile: string): void {
  const require = createRequire(import.meta.url);
  const bindingsId = createRequire(require.resolve('better-sqlite3/package.json')).resolve('bindings');
  const addon: unknown = require(addonFile);
  require.cache[bindingsId] = { id: bindingsId, filename: bindingsId, loaded: true, exports: () => addon } as unknown as NodeJS.Module;
}
