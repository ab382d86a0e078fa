import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editorCsp } from '../../../electron/csp.js';
import { createAdminApp } from '../../../server/admin/app.js';
import { AdminAccess } from '../../../server/admin/security.js';

describe('editor CSP', () => {
  it('is the one the admin listener sends with the editor', async () => {
    const rendererDir = mkdtempSync(path.join(tmpdir(), 'flowgate-csp-'));
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Flowgate</title>');
    const runtimeUrl = 'http://127.0.0.1:4310';
    let port = 0;
    const app = createAdminApp({ access: new AdminAccess('key'), port: () => port, runtimeUrl: () => runtimeUrl, routers: [], rendererDir });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toBe(editorCsp(runtimeUrl));
    } finally {
      server.close();
    }
  });

  it('allows scripts and connections from the editor itself and the runtime only', () => {
    const csp = editorCsp('http://127.0.0.1:4310');
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:4310;");
    expect(csp).not.toMatch(/unsafe-eval|\*/);
  });
});
