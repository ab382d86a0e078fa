import { tmpdir } from 'node:os';
import { RESOLVED_ERROR_ENV, RESOLVED_PATH_ENV, RESOLVED_SOURCE_ENV, describeChromium, resolveChromium } from '../e2e/support/chromium.js';
import { createSuiteRoot, removeSuiteRoot, sweepStaleRoots } from './suite-temp.js';

/**
 * vitest's global setup: one temp root for the whole run (TMPDIR for the workers, so every mkdtemp of a test,
 * a child server or a browser lands in it), removed at the end, on Ctrl+C or SIGTERM too; and the e2e
 * tests' Chromium, resolved once.
 */
export default async function setup(): Promise<() => void> {
  const systemTmp = tmpdir();
  for (const root of sweepStaleRoots(systemTmp)) process.stdout.write(`Removed the temp root of an earlier, killed test run: ${root}\n`);
  const root = createSuiteRoot(systemTmp);
  // vitest answers SIGINT/SIGTERM with process.exit(), which skips the teardown below but runs 'exit' listeners.
  const removeOnExit = (): void => {
    try {
      removeSuiteRoot(root, true);
    } catch (error) {
      process.stderr.write(`The run's temp root ${root} could not be removed (${(error as Error).message}); the next run will.\n`);
    }
  };
  process.once('exit', removeOnExit);
  process.env.TMPDIR = root;

  try {
    const chromium = await resolveChromium();
    process.env[RESOLVED_PATH_ENV] = chromium.executablePath;
    process.env[RESOLVED_SOURCE_ENV] = chromium.source;
    process.stdout.write(`${describeChromium(chromium)}\n`);
  } catch (error) {
    // Only the e2e files need a browser: they fail with this reason, the rest of the run goes on.
    process.env[RESOLVED_ERROR_ENV] = (error as Error).message;
  }

  return () => {
    process.off('exit', removeOnExit);
    process.env.TMPDIR = systemTmp;
    const leftovers = removeSuiteRoot(root);
    for (const each of leftovers) process.stderr.write(`Stopped a process the tests left running: ${each.pid} ${each.command}\n`);
  };
}
