import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
/** Run from TypeScript sources (the tests): a worker then starts from a bundle of them, made once. */
const FROM_SOURCE = here.endsWith('.ts');
const ROOT = path.resolve(path.dirname(here), '..', '..');
/** Inside the project, so the bundle's package imports resolve from its node_modules. */
const BUNDLE_DIR = path.join(ROOT, 'node_modules', '.cache', 'flowgate-workers');
/** Everything a worker can import from the project's own code. */
const SOURCE_DIRS = ['server', 'shared'];
const STALE_BUNDLE_MS = 60 * 60_000;

const bundles = new Map<string, string>();

/** The file a worker (process or thread) starts from, and the Node flags it needs. */
export function workerEntry(name: string, execArgv: string[] = []): { file: string; execArgv: string[] } {
  if (!FROM_SOURCE) return { file: path.join(path.dirname(here), `${name}.js`), execArgv };
  let file = bundles.get(name);
  if (!file) {
    file = bundleOf(name);
    bundles.set(name, file);
  }
  return { file, execArgv };
}

/**
 * One JavaScript file of the worker and the project code it imports (packages stay imports), made
 * with rolldown (vite's bundler) and kept while no source changes: a worker loads it in a quarter
 * of a second, where loading each TypeScript file through a loader took seconds of CPU per worker.
 */
function bundleOf(name: string): string {
  const file = path.join(BUNDLE_DIR, `${name}-${sourcesDigest()}.mjs`);
  if (existsSync(file)) return file;
  mkdirSync(BUNDLE_DIR, { recursive: true });
  // Written aside and renamed: test files in parallel may make the same bundle at once.
  const partial = `${file}.${process.pid}.partial`;
  const script = `
    const { build } = await import(${JSON.stringify(path.join(ROOT, 'node_modules', 'rolldown', 'dist', 'index.mjs'))});
    await build({
      input: ${JSON.stringify(path.join(path.dirname(here), `${name}.ts`))},
      platform: 'node',
      external: (id) => !id.startsWith('.') && !path.isAbsolute(id),
      output: { file: ${JSON.stringify(partial)}, format: 'esm' },
      logLevel: 'silent',
    });`;
  execFileSync(process.execPath, ['--input-type=module', '-e', `import path from 'node:path';${script}`], { stdio: 'inherit' });
  renameSync(partial, file);
  // Old bundles go once no test run can still be starting workers from them.
  for (const old of readdirSync(BUNDLE_DIR)) {
    const oldFile = path.join(BUNDLE_DIR, old);
    const age = Date.now() - (statSync(oldFile, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (oldFile !== file && age > STALE_BUNDLE_MS) rmSync(oldFile, { force: true });
  }
  return file;
}

/** Changes with any source file's size or modification time. */
function sourcesDigest(): string {
  const hash = createHash('sha256');
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.ts')) {
        const stats = statSync(full);
        hash.update(`${full}\t${stats.size}\t${stats.mtimeMs}\n`);
      }
    }
  };
  for (const dir of SOURCE_DIRS) visit(path.join(ROOT, dir));
  return hash.digest('hex').slice(0, 16);
}
