#!/usr/bin/env node
// Runs a command while busy loops keep the CPU cores occupied, to check that tests hold under load:
//   node scripts/cpu-load.mjs [--loops N] -- npx vitest run test/e2e
// The loops stop whatever happens: when the command ends, on Ctrl+C/SIGTERM, and, should this script be
// killed outright, by themselves (each notices that its parent is gone).
/* global process */
import { spawn } from 'node:child_process';

const DEFAULT_LOOPS = 2;
const USAGE = 'usage: node scripts/cpu-load.mjs [--loops N] -- <command> [args…]';
/** Each loop checks for its parent after this many iterations (a few milliseconds of spinning). */
const PARENT_CHECK_EVERY = 0x1000000;

const separator = process.argv.indexOf('--');
const options = separator === -1 ? process.argv.slice(2) : process.argv.slice(2, separator);
const command = separator === -1 ? [] : process.argv.slice(separator + 1);
let loops = DEFAULT_LOOPS;
for (let index = 0; index < options.length; index++) {
  if (options[index] !== '--loops') fail(`unknown option ${options[index]}`);
  const value = options[++index] ?? '';
  if (!/^[1-9]\d*$/.test(value)) fail(`--loops needs a whole number of busy loops, 1 or more (got "${value}")`);
  loops = Number(value);
}
if (command.length === 0) fail('no command given after --');

const loopSource = `const parent = process.ppid; for (let i = 1; ; i++) if (i % ${PARENT_CHECK_EVERY} === 0 && process.ppid !== parent) process.exit(0);`;
const busy = Array.from({ length: loops }, () => spawn(process.execPath, ['-e', loopSource], { stdio: 'ignore' }));
const stopLoops = () => {
  for (const loop of busy) if (loop.exitCode === null && loop.signalCode === null) loop.kill('SIGKILL');
};
process.on('exit', stopLoops);

const started = Date.now();
process.stderr.write(`cpu-load: ${loops} busy loops (pids ${busy.map((loop) => loop.pid).join(', ')}) while running: ${command.join(' ')}\n`);
// Its own process group, so a signal reaches the whole command (npx does not pass SIGTERM on to what it runs).
const child = spawn(command[0], command.slice(1), { stdio: 'inherit', detached: true });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopLoops();
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the command has ended already
    }
  });
}
child.on('error', (error) => {
  process.stderr.write(`cpu-load: could not start ${command[0]}: ${error.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  stopLoops();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stderr.write(`cpu-load: loops stopped; the command ${signal ? `was ended by ${signal}` : `exited with ${code}`} after ${seconds} s\n`);
  process.exit(code ?? 1);
});

function fail(message) {
  process.stderr.write(`cpu-load: ${message}\n${USAGE}\n`);
  process.exit(2);
}
