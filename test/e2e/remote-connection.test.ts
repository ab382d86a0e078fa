import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeCertificate, type TestCertificate } from '../integration/tls-certificate.js';
import { serve, type Served } from '../support/serve.js';
import { makeTempDir, removeTempDir } from '../support/temp.js';
import { E2E_STEP_TIMEOUT_MS, launchChromium, screenshot, watchConsole } from './support/browser.js';
import { E2E_TEST_TIMEOUT_MS } from './support/workspace.js';

/**
 * The editor's header names the server it works on: "this computer" on loopback, the host of a
 * remote one. The remote server is a `flowgate serve` over TLS reached under a certificate name
 * that Chromium resolves to 127.0.0.1, so no traffic leaves this machine.
 */

const REMOTE_NAME = 'admin.flowgate.test';
const VIEWPORT = { width: 1280, height: 800 };

let browser: Browser;
let dir: string;
let certificate: TestCertificate;

beforeAll(async () => {
  vi.setConfig({ testTimeout: E2E_TEST_TIMEOUT_MS });
  dir = makeTempDir();
  certificate = makeCertificate(dir);
  browser = await launchChromium([`--host-resolver-rules=MAP ${REMOTE_NAME} 127.0.0.1`]);
});
afterAll(async () => {
  await browser?.close();
  removeTempDir(dir);
});

/** Signs in through the one-time login link at `loginUrl` and answers what the header's connection badge says. */
async function signInAndReadBadge(page: Page, loginUrl: string): Promise<{ text: string; title: string }> {
  await page.goto(loginUrl);
  const badge = page.getByTestId('connection');
  await badge.waitFor();
  return { text: (await badge.innerText()).trim(), title: (await badge.getAttribute('title')) ?? '' };
}

async function withServer(args: string[], use: (served: Served) => Promise<void>): Promise<void> {
  const served = await serve({ args });
  try {
    await use(served);
  } finally {
    await served.stop();
  }
}

describe('the editor header names its server', () => {
  it('says "this computer" for a server on loopback', async () => {
    await withServer([], async (served) => {
      const context = await browser.newContext({ viewport: VIEWPORT });
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(E2E_STEP_TIMEOUT_MS);
        const { problems } = watchConsole(page);
        const badge = await signInAndReadBadge(page, served.loginUrl);
        expect(badge.text).toBe('this computer');
        expect(badge.title).toBe(`Connected to the Flowgate server on this computer (${served.adminUrl})`);
        await screenshot(page, 'remote-connection-this-computer');
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  });

  it('names the host of a server reached over TLS under its own name, in light and dark', async () => {
    await withServer(['--tls-cert', certificate.certFile, '--tls-key', certificate.keyFile], async (served) => {
      const port = new URL(served.adminUrl).port;
      const remoteLogin = served.loginUrl.replace(`https://127.0.0.1:${port}`, `https://${REMOTE_NAME}:${port}`);
      // The test certificate is self-signed; the integration test checks it is served and trusted as such.
      const context = await browser.newContext({ viewport: VIEWPORT, ignoreHTTPSErrors: true, colorScheme: 'light' });
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(E2E_STEP_TIMEOUT_MS);
        const { problems } = watchConsole(page);
        const badge = await signInAndReadBadge(page, remoteLogin);
        expect(badge.text).toBe(`${REMOTE_NAME}:${port}`);
        expect(badge.title).toBe(`Connected to the Flowgate server at https://${REMOTE_NAME}:${port}`);
        // Signed in under that name: the admin API answered the editor's calls (Host and Origin are the certificate's name).
        expect(await page.evaluate(async () => (await fetch('/admin/v1/apis')).status)).toBe(200);
        await screenshot(page, 'remote-connection-remote-light');
        await page.emulateMedia({ colorScheme: 'dark' });
        await screenshot(page, 'remote-connection-remote-dark');
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  });
});
