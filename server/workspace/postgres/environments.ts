import type { Environment, EnvironmentInput, EnvironmentUpdate } from '../../../shared/model/environment.js';
import { DEFAULT_ENVIRONMENTS } from '../../../shared/model/environment.js';
import type { EnvContext } from '../../../shared/model/runtime.js';
import type { PgDatabase, Queryable } from '../../storage/postgres.js';
import { nowIso } from '../db.js';
import { EnvironmentSecrets, flowContextOf, toEnvironment, type EnvironmentRow, type OpenEnvironment, type SecretSealer } from '../environment-rows.js';
import type { EnvironmentStore } from '../environments.js';

/** Creation order, then the name in byte order (as SQLite sorts it). */
const IN_ORDER = 'SELECT * FROM environments ORDER BY created_at, name COLLATE "C"';

/** The environments of a PostgreSQL workspace, shared by every replica on it. */
export class PostgresEnvironmentStore implements EnvironmentStore {
  private readonly box: EnvironmentSecrets;

  constructor(
    private readonly pg: PgDatabase,
    sealer: SecretSealer | null = null,
  ) {
    this.box = new EnvironmentSecrets(sealer);
  }

  async seedDefaults(): Promise<void> {
    const now = nowIso();
    for (const name of DEFAULT_ENVIRONMENTS) {
      await this.pg.run(`INSERT INTO environments (name, description, vars, created_at, updated_at) VALUES ($1, '', '{}', $2, $2) ON CONFLICT (name) DO NOTHING`, [name, now]);
    }
  }

  async list(): Promise<Environment[]> {
    return (await this.rows()).map(toEnvironment);
  }

  async get(name: string, on?: Queryable): Promise<Environment | undefined> {
    const row = await this.row(name, on);
    return row && toEnvironment(row);
  }

  async flowContexts(): Promise<EnvContext[]> {
    return this.box.openRows(await this.rows()).map(flowContextOf);
  }

  async secrets(name: string): Promise<Record<string, string>> {
    const row = await this.row(name);
    return row ? this.box.open(row) : {};
  }

  async allSecretValues(): Promise<string[]> {
    return (await this.rows()).flatMap((row) => Object.values(this.box.open(row)));
  }

  async openAll(): Promise<OpenEnvironment[]> {
    return this.box.openRows(await this.rows());
  }

  async create(input: EnvironmentInput, on?: Queryable): Promise<Environment | undefined> {
    const now = nowIso();
    const secrets = this.box.seal(input.name, {}, input.secrets);
    const inserted = await this.pg.run(
      `INSERT INTO environments (name, description, vars, secrets, outbound, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (name) DO NOTHING`,
      [input.name, input.description, JSON.stringify(input.vars), JSON.stringify(secrets), JSON.stringify(input.outbound), now],
      on,
    );
    return inserted === 0 ? undefined : this.get(input.name, on);
  }

  async update(name: string, update: EnvironmentUpdate, revision?: number, on?: Queryable): Promise<Environment | undefined> {
    const row = await this.row(name, on);
    if (!row || (revision !== undefined && row.revision !== revision)) return undefined;
    const next = this.box.change(row, update);
    // Based on the row read above: a change another replica made in between is not overwritten.
    const changed = await this.pg.run(
      'UPDATE environments SET description = $1, vars = $2, secrets = $3, outbound = $4, updated_at = $5, revision = revision + 1 WHERE name = $6 AND revision = $7',
      [next.description, next.vars, next.secrets, next.outbound, nowIso(), name, row.revision],
      on,
    );
    return changed === 0 ? undefined : this.get(name, on);
  }

  async delete(name: string): Promise<boolean> {
    return (await this.pg.run('DELETE FROM environments WHERE name = $1', [name])) > 0;
  }

  private rows(): Promise<EnvironmentRow[]> {
    return this.pg.all<EnvironmentRow>(IN_ORDER);
  }

  private row(name: string, on?: Queryable): Promise<EnvironmentRow | undefined> {
    return this.pg.one<EnvironmentRow>('SELECT * FROM environments WHERE name = $1', [name], on);
  }
}
