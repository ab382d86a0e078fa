import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer, listen } from '../../server/app.js';
import { getJson } from '../support/http.js';
import { makeTempDir, removeTempDirs } from '../support/temp.js';
import { testServerConfig } from '../support/test-server.js';

/** buildServer assembles and listens nowhere; listen is a separate step that answers the bound addresses. */
describe('build, then listen', () => {
  afterAll(removeTempDirs);

  it('builds handlers and services without a port, then listens on free ones and reports them', async () => {
    const config = testServerConfig(makeTempDir());
    const built = await buildServer(config);
    try {
      expect(built.publicUrl()).toBe('');
      expect(built.services.environments.list().map((environment) => environment.name)).toEqual(expect.arrayContaining(['dev', 'prod']));

      const listening = await listen(built, config);
      expect(listening.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(listening.runtimeUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(listening.publicUrl).toBe(listening.runtimeUrl);
      expect(listening.runtimePortTaken).toBeUndefined();
      expect(built.publicUrl()).toBe(listening.runtimeUrl);
      const session = await getJson(`${listening.adminUrl}/admin/v1/session`, { headers: { authorization: `Bearer ${config.adminKey}` } });
      expect(session.body).toEqual({ signedIn: true, runtimeUrl: listening.runtimeUrl });
      expect(listening.loginUrl()).toMatch(new RegExp(`^${listening.adminUrl}/login\\?code=`));
      await expect(listen(built, config)).rejects.toThrow('This server is listening already.');
    } finally {
      await built.close();
    }
    await expect(listen(built, config)).rejects.toThrow('This server is closed.');
  });

  it('gives the configured public URL before and after listening', async () => {
    const config = testServerConfig(makeTempDir(), { publicUrl: 'https://api.example.com' });
    const built = await buildServer(config);
    try {
      expect(built.publicUrl()).toBe('https://api.example.com');
      const listening = await listen(built, config);
      expect(listening.publicUrl).toBe('https://api.example.com');
    } finally {
      await built.close();
    }
  });

  it('with portFallback, a taken runtime port gives a free one and says which was asked for', async () => {
    const taken = await occupyPort();
    const config = testServerConfig(makeTempDir(), { runtimePort: taken.port, portFallback: true });
    const built = await buildServer(config);
    try {
      const listening = await listen(built, config);
      expect(listening.runtimePortTaken).toBe(taken.port);
      expect(new URL(listening.runtimeUrl).port).not.toBe(String(taken.port));
      expect((await getJson(`${listening.runtimeUrl}/.well-known/jwks.json`)).status).toBe(200);
    } finally {
      await built.close();
      taken.server.close();
    }
  });

  it('without portFallback, a taken runtime port fails the listen with what to do, and the built server still closes', async () => {
    const taken = await occupyPort();
    const config = testServerConfig(makeTempDir(), { runtimePort: taken.port });
    const built = await buildServer(config);
    try {
      const failure = (await listen(built, config).then(() => expect.fail('it listened'), (error: unknown) => error)) as NodeJS.ErrnoException;
      expect(failure).toMatchObject({ code: 'EADDRINUSE' });
      expect(failure.message).toMatch(/^The runtime port is taken by another program: choose another with --port, or pass --port-fallback to use a free one\.\n/);
    } finally {
      await built.close();
      taken.server.close();
    }
  });
});

async function occupyPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}
