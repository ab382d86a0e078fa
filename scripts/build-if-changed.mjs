#!/usr/bin/env node
// Builds the server (tsc -b, itself incremental → dist/) and the editor (vite → dist/renderer) only when one
// of their inputs changed since their last build, so `npm start` and `npm run serve` open at once when
// nothing did: no compiler is even loaded then. `node scripts/build-if-changed.mjs [--force] [server] [editor]`
// (both by default; --force builds anyway, as `npm run build` does). "Changed" means an input file added,
// removed, or with another size or modification time than at the start of the last successful build, so
// edits made while a build runs are caught by the next start.
/* global process, console */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What the server's build reads (tsconfig.build.json's include), what it writes, and the record of its last build. */
export const SERVER_BUILD = {
  name: 'server',
  inputs: ['shared', 'server', 'electron', 'test/bench', 'test/support', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'],
  output: 'dist/tsconfig.build.tsbuildinfo',
  record: 'dist/server-build.json',
  command: [process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'tsconfig.build.json']],
};

/** The same for the editor; its record is outside its output, which vite empties. */
export const EDITOR_BUILD = {
  name: 'editor',
  inputs: ['renderer', 'shared', 'vite.config.ts', 'tsconfig.json', 'package-lock.json'],
  output: 'dist/renderer/index.html',
  record: 'dist/renderer-build.json',
  command: [process.execPath, ['node_modules/vite/bin/vite.js', 'build']],
};

export const BUILDS = { server: SERVER_BUILD, editor: EDITOR_BUILD };

/** Every file under the inputs, with its size and modification time, in a stable order. */
function inputFiles(root, inputs) {
  const lines = [];
  const visit = (relative) => {
    const absolute = path.join(root, relative);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      lines.push(`${relative}\tmissing`);
      return;
    }
    if (stats.isDirectory()) {
      for (const entry of readdirSync(absolute).sort()) visit(path.posix.join(relative, entry));
    } else {
      lines.push(`${relative}\t${stats.size}\t${stats.mtimeMs}`);
    }
  };
  for (const input of inputs) visit(input);
  return lines;
}

export function inputsDigest(root, inputs) {
  return createHash('sha256').update(inputFiles(root, inputs).join('\n')).digest('hex');
}

/** Why a build is needed, or undefined when the output is there and was built from exactly these inputs. */
export function buildReason(root, target, digest = inputsDigest(root, target.inputs)) {
  if (!existsSync(path.join(root, target.output))) return `${target.output} is missing`;
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(path.join(root, target.record), 'utf8')).digest;
  } catch {
    return 'no record of the last build';
  }
  return recorded === digest ? undefined : `its inputs changed (${target.inputs.join(', ')})`;
}

function runCommand(root, [command, args]) {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
}

/** Builds when needed (or always, with `force`); records the inputs as they were when the build started. */
export function buildIfChanged(root, target, { force = false, run = runCommand, log = console.log } = {}) {
  const digest = inputsDigest(root, target.inputs);
  const reason = force ? 'asked to' : buildReason(root, target, digest);
  if (!reason) {
    log(`The ${target.name} is up to date (${path.dirname(target.output)}); not rebuilding.`);
    return 'up-to-date';
  }
  log(`Building the ${target.name}: ${reason}.`);
  const status = run(root, target.command);
  if (status !== 0) throw new Error(`The ${target.name} build failed (exit code ${status}).`);
  mkdirSync(path.dirname(path.join(root, target.record)), { recursive: true });
  writeFileSync(path.join(root, target.record), `${JSON.stringify({ digest, builtAt: new Date().toISOString() })}\n`);
  return 'built';
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const args = process.argv.slice(2);
  const names = args.filter((arg) => arg !== '--force');
  const unknown = names.filter((name) => !(name in BUILDS));
  if (unknown.length) {
    console.error(`Unknown build ${unknown.join(', ')}: use server, editor or both (the default), with --force to build anyway.`);
    process.exit(2);
  }
  try {
    for (const name of names.length ? names : Object.keys(BUILDS)) buildIfChanged(root, BUILDS[name], { force: args.includes('--force') });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
