import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(import.meta.url);
/** Run from TypeScript sources (the tests): a worker loads them the same way, through jiti's loader. */
const FROM_SOURCE = here.endsWith('.ts');

/** The file a worker (process or thread) starts from, beside this one, and the Node flags it needs to load it. */
export function workerEntry(name: string, extraArgv: string[] = []): { file: string; execArgv: string[] } {
  const file = path.join(path.dirname(here), `${name}${FROM_SOURCE ? '.ts' : '.js'}`);
  if (!FROM_SOURCE) return { file, execArgv: extraArgv };
  const jiti = path.join(path.dirname(createRequire(import.meta.url).resolve('jiti/package.json')), 'lib', 'jiti-register.mjs');
  return { file, execArgv: ['--import', pathToFileURL(jiti).href, ...extraArgv] };
}
