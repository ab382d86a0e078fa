import { chmodSync, existsSync, statSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeTempDir, removeTempDir } from '../support/temp.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const OWNER_ONLY = 0o600;
const modeOf = (file: string): number => statSync(file).mode & 0o777;
const workspaceFiles = (server: TestServer): string[] => [server.dbFile, `${server.dbFile}-wal`, `${server.dbFile}-shm`].filter((file) => existsSync(file));

describe.skipIf(process.platform === 'win32')('workspace files at rest are owner-only (finding 4)', () => {
  let server: TestServer;
  // A folder of the test's own, so the workspace outlives a close and can be reopened.
  const dir = makeTempDir();
  beforeAll(async () => {
    // The most permissive umask there is: the modes must not depend on it.
    const umask = process.umask(0);
    try {
      server = await startTestServer({ dir });
    } finally {
      process.umask(umask);
    }
  });
  afterAll(async () => {
    try {
      await server?.close();
    } finally {
      removeTempDir(dir);
    }
  });
  afterEach(() => vi.restoreAllMocks());

  it('creates the workspace, its -wal and its -shm 0600', async () => {
    expect((await server.admin('POST', '/key-groups', { name: 'written' })).status).toBe(201);
    const files = workspaceFiles(server);
    expect(files).toHaveLength(3);
    for (const file of files) expect([file, modeOf(file).toString(8)]).toEqual([file, OWNER_ONLY.toString(8)]);
  });

  it('narrows a workspace others can read to 0600 at start, with a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const dbFile = server.dbFile;
    // As an older Flowgate or a careless chmod leaves it; the open connection is unaffected.
    chmodSync(dbFile, 0o644);
    server = await server.restart();
    expect(modeOf(dbFile)).toBe(OWNER_ONLY);
    for (const file of workspaceFiles(server)) expect(modeOf(file)).toBe(OWNER_ONLY);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/readable by other users \(mode 644\); it is now 600/));
  });
});
