import type { PgDatabase } from '../../storage/postgres.js';
import type { AuthSettings } from '../settings.js';

export class PostgresAuthSettings implements AuthSettings {
  constructor(private readonly pg: PgDatabase) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.pg.one<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]))?.value;
  }

  async setOnce(key: string, value: string): Promise<string> {
    await this.pg.run('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value]);
    return (await this.get(key)) ?? value;
  }
}
