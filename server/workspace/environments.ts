import type { Environment, EnvironmentInput, EnvironmentUpdate } from '../../shared/model/environment.js';
import { DEFAULT_ENVIRONMENTS } from '../../shared/model/environment.js';
import type { Db } from './db.js';
import { nowIso } from './db.js';

type EnvironmentRow = { name: string; description: string; vars: string; created_at: string; updated_at: string };

const toEnvironment = (row: EnvironmentRow): Environment => ({
  name: row.name,
  description: row.description,
  vars: JSON.parse(row.vars) as Record<string, string>,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export class EnvironmentRepository {
  constructor(private readonly db: Db) {}

  /** `dev` and `prod` exist in every new workspace. */
  seedDefaults(): void {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO environments (name, description, vars, created_at, updated_at) VALUES (?, '', '{}', ?, ?)`,
    );
    const now = nowIso();
    for (const name of DEFAULT_ENVIRONMENTS) insert.run(name, now, now);
  }

  list(): Environment[] {
    return (this.db.prepare('SELECT * FROM environments ORDER BY created_at, name').all() as EnvironmentRow[]).map(toEnvironment);
  }

  get(name: string): Environment | undefined {
    const row = this.db.prepare('SELECT * FROM environments WHERE name = ?').get(name) as EnvironmentRow | undefined;
    return row && toEnvironment(row);
  }

  /** False when the name is taken. */
  create(input: EnvironmentInput): Environment | undefined {
    const now = nowIso();
    const result = this.db
      .prepare('INSERT OR IGNORE INTO environments (name, description, vars, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(input.name, input.description, JSON.stringify(input.vars), now, now);
    return result.changes === 0 ? undefined : this.get(input.name);
  }

  update(name: string, update: EnvironmentUpdate): Environment | undefined {
    const current = this.get(name);
    if (!current) return undefined;
    this.db
      .prepare('UPDATE environments SET description = ?, vars = ?, updated_at = ? WHERE name = ?')
      .run(update.description ?? current.description, JSON.stringify(update.vars ?? current.vars), nowIso(), name);
    return this.get(name);
  }

  delete(name: string): boolean {
    return this.db.prepare('DELETE FROM environments WHERE name = ?').run(name).changes > 0;
  }
}
