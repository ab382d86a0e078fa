import { randomBytes } from 'node:crypto';
import { buildServer, listen, type BuiltServer } from '../../server/app.js';
import { adminClient, type AdminCall } from './admin.js';
import { makeTempDir, removeTempDir } from './temp.js';
import { testServerConfig } from './test-server.js';

/** One `flowgate serve` of a PostgreSQL workspace, built in this process with listeners of its own. */
export type InProcessReplica = { built: BuiltServer; admin: AdminCall; runtimeUrl: string; dir: string };

/**
 * Replicas of one PostgreSQL workspace as they are started for real: the same database and the same
 * shared keys, each its own folder and listeners. `start()` adds one; `stopAll()` closes them and
 * removes their folders (an afterAll's work), pass or fail.
 */
export function inProcessReplicas(databaseUrl: () => string) {
  const keys = { adminKey: randomBytes(24).toString('base64url'), kek: randomBytes(24).toString('base64url') };
  const started: InProcessReplica[] = [];
  return {
    keys,
    async start(): Promise<InProcessReplica> {
      const dir = makeTempDir('flowgate-replica-');
      try {
        const config = testServerConfig(dir, { ...keys, databaseUrl: databaseUrl(), logLine: () => undefined });
        const built = await buildServer(config);
        try {
          const listening = await listen(built, config);
          const replica = { built, admin: adminClient(listening.adminUrl, keys.adminKey), runtimeUrl: listening.runtimeUrl, dir };
          started.push(replica);
          return replica;
        } catch (error) {
          await built.close();
          throw error;
        }
      } catch (error) {
        removeTempDir(dir);
        throw error;
      }
    },
    async stopAll(): Promise<void> {
      for (const { built, dir } of started.splice(0)) {
        try {
          await built.close();
        } finally {
          removeTempDir(dir);
        }
      }
    },
  };
}
