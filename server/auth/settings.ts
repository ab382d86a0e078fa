import type { Db } from '../workspace/db.js';
import { byEngine, type Storage } from '../storage/storage.js';
import { PostgresAuthSettings } from './postgres/settings.js';

/** The workspace settings auth keeps: its id (the `iss` scope) and the KEK's salt. Each is written once. */
export interface AuthSettings {
  get(key: string): Promise<string | undefined>;
  /** Stores the value unless the key has one; answers the stored one (the first writer's, when replicas race). */
  setOnce(key: string, value: string): Promise<string>;
}

export class SqliteAuthSettings implements AuthSettings {
  constructor(private readonly db: Db) {}

  get(key: string): Promise<string | undefined> {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return Promise.resolve(row?.value);
  }

  async setOnce(key: string, value: string): Promise<string> {
    this.db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(key, value);
    return (await this.get(key)) ?? value;
  }
}

export const authSettingsFor = (storage: Storage): AuthSettings =>
  byEngine<AuthSettings>(storage, { sqlite: (db) => new SqliteAuthSettings(db), postgres: (pg) => new PostgresAuthSettings(pg) });
