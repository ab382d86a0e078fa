import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AppAdapter } from 'electron-updater/out/AppAdapter.js';
import type { DebUpdater as DebUpdaterClass } from 'electron-updater';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUpdates, type Updates } from '../../../electron/updates.js';
import type { UpdaterSurface } from '../../../electron/surface.js';

/**
 * electron-updater itself (its GenericProvider, download and sha512 check, DownloadedUpdateHelper's
 * cache check) driven by electron/updates.ts against a feed this test serves on loopback, as
 * electron-builder publishes it: the channel file (latest-linux.yml on Linux x64) and the package.
 * Only the socket layer differs from the app: Node's http instead of Electron's net module, which
 * needs a real Electron. The installer never runs: quitAndInstall is counted instead.
 */

const require = createRequire(import.meta.url);
const { DebUpdater } = require('electron-updater') as { DebUpdater: typeof DebUpdaterClass };
/** electron-updater's own HTTP executor (download, redirects, checksum pipes), Electron's net swapped for Node's http. */
type HttpExecutor = { createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest };
const { ElectronHttpExecutor } = require('electron-updater/out/electronHttpExecutor.js') as { ElectronHttpExecutor: new () => HttpExecutor };

class LoopbackHttpExecutor extends ElectronHttpExecutor {
  override createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest {
    const request = httpRequest(options);
    request.on('response', callback);
    return request;
  }
}

const CURRENT_VERSION = '0.1.0';
const NEW_VERSION = '0.2.0';
const PACKAGE = `Flowgate-${NEW_VERSION}.deb`;
const PACKAGE_BYTES = 512 * 1024;
const CACHE_DIR_NAME = 'flowgate-updater';

/** The Linux updater as the installed app has it, reading its app-update.yml from `folder`; the install is only counted. */
class FeedUpdater extends DebUpdater {
  installs = 0;
  readonly logLines: string[] = [];

  constructor(folder: string) {
    const app: AppAdapter = {
      version: CURRENT_VERSION,
      name: 'Flowgate',
      isPackaged: true,
      appUpdateConfigPath: path.join(folder, 'resources', 'app-update.yml'),
      userDataPath: path.join(folder, 'userData'),
      baseCachePath: path.join(folder, 'cache'),
      whenReady: () => Promise.resolve(),
      relaunch: () => undefined,
      quit: () => undefined,
      onQuit: () => undefined,
    };
    super(null, app);
    (this as unknown as { httpExecutor: unknown }).httpExecutor = new LoopbackHttpExecutor();
    const keep = (line: unknown): void => void this.logLines.push(String(line));
    this.logger = { info: keep, warn: keep, error: keep };
  }

  override quitAndInstall(): void {
    this.installs++;
  }
}

type Feed = { url: string; requests: string[]; serve: Buffer; close: () => Promise<void> };

/** Serves the channel file (whatever platform name electron-updater asks for) and the package; `serve` is what the package URL answers. */
async function startFeed(published: Buffer): Promise<Feed> {
  const sha512 = createHash('sha512').update(published).digest('base64');
  const channel = [
    `version: ${NEW_VERSION}`,
    'files:',
    `  - url: ${PACKAGE}`,
    `    sha512: ${sha512}`,
    `    size: ${published.length}`,
    `path: ${PACKAGE}`,
    `sha512: ${sha512}`,
    "releaseDate: '2026-11-01T12:00:00.000Z'",
    '',
  ].join('\n');
  const feed: Feed = { url: '', requests: [], serve: published, close: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://feed').pathname;
    feed.requests.push(pathname);
    if (/^\/latest(-linux(-\w+)?)?\.yml$/.test(pathname)) res.writeHead(200, { 'content-type': 'text/yaml' }).end(channel);
    else if (pathname === `/${PACKAGE}`) res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': feed.serve.length }).end(feed.serve);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feed.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  feed.close = () => new Promise((resolve) => server.close(() => resolve()));
  return feed;
}

let folder = '';
let feed: Feed;
let published: Buffer;
let updates: Updates | undefined;

/** What the user saw and did, and what the app was asked to do. */
const seen = { asked: [] as string[], told: [] as string[], prepared: 0 };

/** The app's update logic on a fresh updater (a launch of the installed app). */
function launchUpdater(): FeedUpdater {
  const updater = new FeedUpdater(folder);
  updates = createUpdates({
    updater: updater as unknown as UpdaterSurface,
    currentVersion: CURRENT_VERSION,
    prompts: {
      confirmRestart: (version) => {
        seen.asked.push(version);
        return Promise.resolve(true);
      },
      inform: (message, detail) => void seen.told.push(detail ? `${message} ${detail}` : message),
    },
    publishes: { inFlight: () => 0, idle: () => Promise.resolve() },
    restart: { prepare: () => Promise.resolve(void seen.prepared++), abandon: () => undefined },
    log: () => undefined,
    every: () => () => undefined,
    after: () => () => undefined,
  });
  return updater;
}

const pendingDir = (): string => path.join(folder, 'cache', CACHE_DIR_NAME, 'pending');
const downloaded = (): Buffer => readFileSync(path.join(pendingDir(), PACKAGE));
const packageRequests = (): number => feed.requests.filter((request) => request === `/${PACKAGE}`).length;

beforeEach(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'flowgate-update-feed-'));
  published = randomBytes(PACKAGE_BYTES);
  feed = await startFeed(published);
  mkdirSync(path.join(folder, 'resources'));
  // What electron-builder writes into the packaged app from electron-builder.yml's publish.
  writeFileSync(path.join(folder, 'resources', 'app-update.yml'), `provider: generic\nurl: ${feed.url}\nupdaterCacheDirName: ${CACHE_DIR_NAME}\n`);
  seen.asked = [];
  seen.told = [];
  seen.prepared = 0;
});

afterEach(async () => {
  updates?.stop();
  await feed.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('updates from a local feed, through electron-updater', () => {
  it('reads the channel file, downloads the package, checks its sha512, and asks before restarting to install it', async () => {
    const updater = launchUpdater();
    await updates!.checkNow();
    expect(feed.requests[0]).toMatch(process.arch === 'x64' ? /^\/latest-linux\.yml$/ : /^\/latest-linux-\w+\.yml$/);
    expect(packageRequests()).toBe(1);
    expect(downloaded().equals(published)).toBe(true);
    expect(JSON.parse(readFileSync(path.join(pendingDir(), 'update-info.json'), 'utf8'))).toMatchObject({
      fileName: PACKAGE,
      sha512: createHash('sha512').update(published).digest('base64'),
    });
    expect(seen.told).toEqual([`Flowgate ${NEW_VERSION} is available. It downloads in the background; Flowgate asks before restarting to install it.`]);
    expect(seen.asked).toEqual([NEW_VERSION]);
    expect(seen.prepared).toBe(1);
    expect(updater.installs).toBe(1);
  });

  it('refuses a package that differs from the feed’s checksum: deleted, never offered for install', async () => {
    const tampered = Buffer.from(published);
    tampered[PACKAGE_BYTES / 2] = tampered[PACKAGE_BYTES / 2]! ^ 0xff;
    feed.serve = tampered;
    const updater = launchUpdater();
    await updates!.checkNow();
    expect(packageRequests()).toBe(1);
    expect(seen.told.at(-1)).toMatch(
      new RegExp(`^Flowgate ${NEW_VERSION} was not downloaded\\. The download of Flowgate ${NEW_VERSION} did not match the checksum in the update feed \\(damaged or tampered with\\), so it was deleted`),
    );
    expect(updater.logLines.join('\n')).toMatch(/sha512 checksum mismatch/);
    expect(existsSync(path.join(pendingDir(), PACKAGE))).toBe(false);
    expect(readdirSync(pendingDir())).toEqual([]);
    expect(seen.asked).toEqual([]);
    expect(updater.installs).toBe(0);
    expect(updates!.state).toEqual({ phase: 'idle' });
  });

  it('at the next launch reuses a cached package only if it still matches, and downloads it again if it was altered', async () => {
    launchUpdater();
    await updates!.checkNow();
    expect(packageRequests()).toBe(1);
    updates!.stop();

    launchUpdater();
    await updates!.checkNow();
    expect(packageRequests()).toBe(1);
    expect(seen.asked).toEqual([NEW_VERSION, NEW_VERSION]);
    updates!.stop();

    const altered = downloaded();
    altered[0] = altered[0]! ^ 0xff;
    writeFileSync(path.join(pendingDir(), PACKAGE), altered);
    const updater = launchUpdater();
    await updates!.checkNow();
    expect(packageRequests()).toBe(2);
    expect(updater.logLines.join('\n')).toMatch(/Sha512 checksum doesn't match the latest available update/);
    expect(downloaded().equals(published)).toBe(true);
    expect(updater.installs).toBe(1);
  });

  it('says so when the feed has no channel file', async () => {
    await feed.close();
    feed = await startFeed(published);
    writeFileSync(path.join(folder, 'resources', 'app-update.yml'), `provider: generic\nurl: ${feed.url}missing/\nupdaterCacheDirName: ${CACHE_DIR_NAME}\n`);
    launchUpdater();
    await updates!.checkNow();
    expect(seen.told).toEqual([expect.stringMatching(/^Could not check for updates\. Cannot find channel "latest-linux(-\w+)?\.yml" update info/)]);
    expect(packageRequests()).toBe(0);
  });
});
