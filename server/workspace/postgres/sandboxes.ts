import { MAX_ALLOWED_HOSTS, type SandboxInfo } from '../../../shared/api/sandboxes.js';
import type { PgDatabase } from '../../storage/postgres.js';
import { SANDBOX_IDLE_MS, sandboxInfoOf, type SandboxRow, type Sandboxes } from '../sandboxes.js';
import { pgWrite } from './record-store.js';

/** Draft sessions' sandboxes in PostgreSQL: any replica may run a session's Draft. */
export class PostgresSandboxes implements Sandboxes {
  constructor(
    private readonly pg: PgDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  async touch(id: string): Promise<void> {
    const now = this.now();
    await pgWrite('the Draft session', () =>
      this.pg.run('INSERT INTO sandboxes (id, created_at, used_at) VALUES ($1, $2, $2) ON CONFLICT (id) DO UPDATE SET used_at = excluded.used_at', [id, now]),
    );
  }

  async info(id: string): Promise<SandboxInfo | undefined> {
    const row = await this.pg.one<SandboxRow & { changed: number }>(
      'SELECT s.*, (SELECT COUNT(*) FROM sandbox_records AS r WHERE r.sandbox_id = s.id) AS changed FROM sandboxes AS s WHERE s.id = $1',
      [id],
    );
    return row && sandboxInfoOf(row, row.changed);
  }

  async allowedHosts(id: string): Promise<string[]> {
    const row = await this.pg.one<Pick<SandboxRow, 'allowed_hosts'>>('SELECT allowed_hosts FROM sandboxes WHERE id = $1', [id]);
    return row ? (JSON.parse(row.allowed_hosts) as string[]) : [];
  }

  /** The row is locked while its hosts are read and written, so two replicas adding hosts keep both. */
  async allowHost(id: string, host: string): Promise<boolean> {
    await this.touch(id);
    return pgWrite('the Draft session', () =>
      this.pg.transaction(async (client) => {
        const row = await this.pg.one<Pick<SandboxRow, 'allowed_hosts'>>('SELECT allowed_hosts FROM sandboxes WHERE id = $1 FOR UPDATE', [id], client);
        const hosts = row ? (JSON.parse(row.allowed_hosts) as string[]) : [];
        if (hosts.includes(host)) return true;
        if (hosts.length >= MAX_ALLOWED_HOSTS) return false;
        await this.pg.run('UPDATE sandboxes SET allowed_hosts = $2 WHERE id = $1', [id, JSON.stringify([...hosts, host].sort())], client);
        return true;
      }),
    );
  }

  async reset(id: string): Promise<void> {
    await this.pg.run('DELETE FROM sandbox_records WHERE sandbox_id = $1', [id]);
  }

  /** Its rows go with it (ON DELETE CASCADE); PostgreSQL holds no lock other writers wait on. */
  async delete(id: string): Promise<void> {
    await this.pg.run('DELETE FROM sandboxes WHERE id = $1', [id]);
  }

  async expire(): Promise<number> {
    return this.pg.run('DELETE FROM sandboxes WHERE used_at < $1', [this.now() - SANDBOX_IDLE_MS]);
  }
}
