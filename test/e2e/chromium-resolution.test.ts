import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeChromium, resolveChromium } from './support/chromium.js';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
let dir: string;
let onPath: string;

describe('which Chromium the e2e tests drive', () => {
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'chromium-resolution-'));
    onPath = path.join(dir, 'chromium-browser');
    writeFileSync(onPath, '#!/bin/sh\n');
    chmodSync(onPath, 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes FLOWGATE_CHROMIUM first, and names a path that is not an executable', async () => {
    expect(await resolveChromium({ FLOWGATE_CHROMIUM: onPath, PATH: '' })).toEqual({ executablePath: onPath, source: 'FLOWGATE_CHROMIUM' });
    await expect(resolveChromium({ FLOWGATE_CHROMIUM: path.join(dir, 'nothing-here') })).rejects.toThrow(/FLOWGATE_CHROMIUM is .*nothing-here, which is not an executable file/);
  });

  it('then a system Chromium, /usr/bin/chromium before one on PATH', async () => {
    const found = await resolveChromium({ PATH: dir });
    expect(found).toEqual({ executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : onPath, source: 'system' });
  });

  // Where the machine has a system Chromium, the npm one is never reached.
  it.skipIf(existsSync(SYSTEM_CHROMIUM))('else the npm package’s, unpacked once into node_modules/.cache', async () => {
    const found = await resolveChromium({ PATH: '' });
    expect(found.source).toBe('npm');
    expect(found.executablePath).toMatch(/node_modules\/\.cache\/flowgate-chromium\/[\d.]+\/chromium$/);
    expect(existsSync(found.executablePath)).toBe(true);
    expect(describeChromium(found)).toMatch(/from npm @sparticuz\/chromium [\d.]+\)$/);
  });
});
