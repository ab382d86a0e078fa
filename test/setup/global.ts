import { tmpdir } from 'node:os';
import type { TestProject } from 'vitest/node';
import { RESOLVED_ERROR_ENV, RESOLVED_PATH_ENV, RESOLVED_SOURCE_ENV, describeChromium, resolveChromium } from '../e2e/support/chromium.js';
import { POSTGRES_URL_ENV, startSuitePostgres, stopOrphanedPostgres, type SuitePostgres } from './postgres.js';
import { createSuiteRoot, removeSuiteRoot, sweepStaleRoots } from './suite-temp.js';

/**
 * vitest's global setup: one temp root for the whole run (TMPDIR for the workers, so every mkdtemp of a test,
 * a child server or a browser lands in it), removed at the end, on Ctrl+C or SIGTERM too; and the e2e
 * tests' Chromium, resolved once; and one PostgreSQL for the run (its admin URL: inject('postgresUrl')).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const systemTmp = tmpdir();
  for (const each of stopOrphanedPostgres(systemTmp)) process.stdout.write(`Stopped the PostgreSQL of an earlier, killed test run: ${each.pid} ${each.command}\n`);
  for (const root of sweepStaleRoots(systemTmp)) process.stdout.write(`Removed the temp root of an earlier, killed test run: ${root}\n`);
  const root = createSuiteRoot(systemTmp);
  let postgres: SuitePostgres | undefined;
  // vitest answers SIGINT/SIGTERM with process.exit(), which skips the teardown below but runs 'exit' listeners.
  const removeOnExit = (): void => {
    try {
      postgres?.stopNow();
      removeSuiteRoot(root, true);
    } catch (error) {
      process.stderr.write(`The run's temp root ${root} could not be removed (${(error as Error).message}); the next run will.\n`);
    }
  };
  process.once('exit', removeOnExit);
  process.env.TMPDIR = root;

  // Started now, awaited after the browser is resolved: the two overlap.
  const postgresStarting = startSuitePostgres(root);
  postgresStarting.catch(() => undefined); // a failure is reported below, once the browser is resolved
  try {
    const chromium = await resolveChromium();
    process.env[RESOLVED_PATH_ENV] = chromium.executablePath;
    process.env[RESOLVED_SOURCE_ENV] = chromium.source;
    process.stdout.write(`${describeChromium(chromium)}\n`);
  } catch (error) {
    // Only the e2e files need a browser: they fail with this reason, the rest of the run goes on.
    process.env[RESOLVED_ERROR_ENV] = (error as Error).message;
  }
  try {
    postgres = await postgresStarting;
    project.provide('postgresUrl', postgres.url);
    project.provide('postgresError', '');
    process.env[POSTGRES_URL_ENV] = postgres.url;
    const { initialiseMs, startMs } = postgres.timings;
    process.stdout.write(`PostgreSQL for the tests: ${postgres.port} on 127.0.0.1 (initdb ${Math.round(initialiseMs)} ms, start ${Math.round(startMs)} ms)\n`);
  } catch (error) {
    // Only the PostgreSQL tests need it: they fail with this reason, the rest of the run goes on.
    project.provide('postgresUrl', '');
    project.provide('postgresError', (error as Error).message);
    process.stderr.write(`${(error as Error).message}\nThe PostgreSQL tests will fail with this reason.\n`);
  }

  return async () => {
    process.off('exit', removeOnExit);
    try {
      await postgres?.stop();
    } catch (error) {
      process.stderr.write(`PostgreSQL for the tests did not stop cleanly (${(error as Error).message}); the temp root's removal stops it.\n`);
    }
    process.env.TMPDIR = systemTmp;
    const leftovers = removeSuiteRoot(root);
    for (const each of leftovers) process.stderr.write(`Stopped a process the tests left running: ${each.pid} ${each.command}\n`);
  };
}
