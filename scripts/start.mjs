#!/usr/bin/env node
// `npm start`, after building what changed since the last build: the desktop app where Electron's binary is installed;
// otherwise (an offline install) `flowgate serve` with the editor opened in the default browser.
// Extra arguments go to Electron, or to `flowgate serve` in the fallback (`npm start -- --db x.db`).
/* global process, console */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElectronBinary } from '../dist/electron/dev/electron-binary.js';
import { sqliteForElectron } from '../dist/electron/dev/sqlite-for-electron.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/** Runs `command` with this terminal, and exits with its code once it ends. */
function runToEnd(command, commandArgs, options) {
  const child = spawn(command, commandArgs, options);
  // Ctrl+C reaches the child from the terminal itself: it drains and flushes, then exits, and so do we.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (error) => {
    console.error(`Could not start ${command}: ${error.message}`);
    process.exit(1);
  });
  return child;
}

/** Hands the URL to the OS; says where to go if nothing opens it. */
function openInBrowser(url) {
  const [command, commandArgs] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['rundll32', ['url.dll,FileProtocolHandler', url]] : ['xdg-open', [url]];
  const hint = () => console.log(`Open the Editor link above in your browser to sign in.`);
  try {
    const opener = spawn(command, commandArgs, { stdio: 'ignore', detached: true });
    opener.on('error', hint);
    opener.on('exit', (code) => code !== 0 && hint());
    opener.unref();
  } catch {
    hint();
  }
}

const INSTEAD = 'starting `flowgate serve` and opening the editor in your browser instead.';

function serveInBrowser(why) {
  console.log(`${why}; ${INSTEAD}`);
  const child = runToEnd(process.execPath, [path.join(ROOT, 'bin', 'flowgate.js'), 'serve', ...args], { cwd: process.cwd(), stdio: ['inherit', 'pipe', 'inherit'] });
  let pending = '';
  let opened = false;
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (opened) return;
    pending += chunk.toString();
    const editor = /^Editor:\s+(http:\/\/\S+)/m.exec(pending);
    if (editor) {
      opened = true;
      openInBrowser(editor[1]);
    }
  });
}

function startDesktop(electron) {
  let binding;
  try {
    binding = sqliteForElectron(ROOT, electron.version);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return serveInBrowser(`Electron ${electron.version} is installed, but better-sqlite3 could not be built for it (see above)`);
  }
  const env = { ...process.env, FLOWGATE_SQLITE_BINDING: binding };
  delete env.ELECTRON_RUN_AS_NODE;
  runToEnd(electron.path, [ROOT, ...args], { stdio: 'inherit', env });
}

const electron = await ensureElectronBinary(ROOT, () => console.log('Downloading Electron (first start only)…'));
if (electron.found) startDesktop(electron);
else serveInBrowser(`Electron is not installed on this machine (${electron.reason})`);
