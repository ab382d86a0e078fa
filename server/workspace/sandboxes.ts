import { randomBytes } from 'node:crypto';
import { MAX_ALLOWED_HOSTS, type SandboxInfo } from '../../shared/api/sandboxes.js';
import type { Db } from './db.js';
import { writeOrStorageFull } from './storage-errors.js';

/** A sandbox no Draft run used for this long is deleted with its data. */
export const SANDBOX_IDLE_MS = 24 * 60 * 60 * 1000;
/** Rows deleted per statement when a sandbox goes, so one big sandbox never holds the write lock for long. */
const DELETE_CHUNK_ROWS = 1000;
const THROWAWAY_ID_BYTES = 18;

export type SandboxRow = { id: string; created_at: number; used_at: number; allowed_hosts: string };

/** A sandbox id that is none of the editor's: for one run (a Draft without a session, a test run), deleted after it. */
export const throwawaySandboxId = (): string => `sbx_run_${randomBytes(THROWAWAY_ID_BYTES).toString('base64url')}`;

/** Draft sessions' sandboxes: made on first use, kept while used, reset on request, deleted when idle. */
export interface Sandboxes {
  /** Makes the sandbox, or marks it used now. */
  touch(id: string): Promise<void>;
  info(id: string): Promise<SandboxInfo | undefined>;
  allowedHosts(id: string): Promise<string[]>;
  /** Adds a host; false when the sandbox already allows the most it may. */
  allowHost(id: string, host: string): Promise<boolean>;
  /** Forgets every record the sandbox's Drafts created, changed or deleted. */
  reset(id: string): Promise<void>;
  delete(id: string): Promise<void>;
  /** Deletes sandboxes idle for SANDBOX_IDLE_MS, with their rows; answers how many went. */
  expire(): Promise<number>;
}

/** The info the editor shows of a sandbox row and how many records it changed. */
export function sandboxInfoOf(row: SandboxRow, changedRecords: number): SandboxInfo {
  return {
    id: row.id,
    changedRecords,
    allowedHosts: JSON.parse(row.allowed_hosts) as string[],
    usedAt: new Date(row.used_at).toISOString(),
    expiresAt: new Date(row.used_at + SANDBOX_IDLE_MS).toISOString(),
  };
}

/** Sandboxes in the workspace's SQLite file. */
export class SqliteSandboxes implements Sandboxes {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  async touch(id: string): Promise<void> {
    const now = this.now();
    writeOrStorageFull('the Draft session', () =>
      this.db
        .prepare('INSERT INTO sandboxes (id, created_at, used_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET used_at = excluded.used_at')
        .run(id, now, now),
    );
  }

  async info(id: string): Promise<SandboxInfo | undefined> {
    const row = this.db.prepare('SELECT * FROM sandboxes WHERE id = ?').get(id) as SandboxRow | undefined;
    if (!row) return undefined;
    const changed = this.db.prepare('SELECT COUNT(*) AS n FROM sandbox_records WHERE sandbox_id = ?').get(id) as { n: number };
    return sandboxInfoOf(row, changed.n);
  }

  async allowedHosts(id: string): Promise<string[]> {
    const row = this.db.prepare('SELECT allowed_hosts FROM sandboxes WHERE id = ?').get(id) as Pick<SandboxRow, 'allowed_hosts'> | undefined;
    return row ? (JSON.parse(row.allowed_hosts) as string[]) : [];
  }

  async allowHost(id: string, host: string): Promise<boolean> {
    await this.touch(id);
    const hosts = await this.allowedHosts(id);
    if (hosts.includes(host)) return true;
    if (hosts.length >= MAX_ALLOWED_HOSTS) return false;
    this.db.prepare('UPDATE sandboxes SET allowed_hosts = ? WHERE id = ?').run(JSON.stringify([...hosts, host].sort()), id);
    return true;
  }

  async reset(id: string): Promise<void> {
    this.deleteRows(id);
  }

  async delete(id: string): Promise<void> {
    this.deleteRows(id);
    this.db.prepare('DELETE FROM sandboxes WHERE id = ?').run(id);
  }

  async expire(): Promise<number> {
    const idle = this.db.prepare('SELECT id FROM sandboxes WHERE used_at < ?').all(this.now() - SANDBOX_IDLE_MS) as { id: string }[];
    for (const { id } of idle) await this.delete(id);
    return idle.length;
  }

  private deleteRows(id: string): void {
    const chunk = this.db.prepare('DELETE FROM sandbox_records WHERE rowid IN (SELECT rowid FROM sandbox_records WHERE sandbox_id = ? LIMIT ?)');
    while (chunk.run(id, DELETE_CHUNK_ROWS).changes > 0);
  }
}
