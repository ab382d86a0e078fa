import type { Environment, EnvironmentInput, EnvironmentUpdate } from '../../shared/model/environment.js';
import { DEFAULT_ENVIRONMENTS } from '../../shared/model/environment.js';
import type { EnvContext } from '../../shared/model/runtime.js';
import { byEngine, type Storage } from '../storage/storage.js';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { EnvironmentSecrets, flowContextOf, toEnvironment, type EnvironmentRow, type OpenEnvironment, type SecretSealer } from './environment-rows.js';
import { PostgresEnvironmentStore } from './postgres/environments.js';

export { SecretsUnavailable, type OpenEnvironment, type SecretSealer } from './environment-rows.js';

/** Environments with their plain and secret variables and outbound rules; one class per storage engine. */
export interface EnvironmentStore {
  /** `dev` and `prod` exist in every new workspace. */
  seedDefaults(): Promise<void>;
  list(): Promise<Environment[]>;
  get(name: string): Promise<Environment | undefined>;
  /** What flows of each environment read as `env`: plain variables and secrets alike, decrypted. */
  flowContexts(): Promise<EnvContext[]>;
  /** The environment's secret values in clear, for flows and for redacting them from what is shown. */
  secrets(name: string): Promise<Record<string, string>>;
  /** Every environment's secret values, for hiding them where the environment is not known (the server's log). */
  allSecretValues(): Promise<string[]>;
  /** Every environment with its secrets in clear, in one read: what the in-memory snapshot holds. */
  openAll(): Promise<OpenEnvironment[]>;
  /** Undefined when the name is taken. Secrets given empty (an imported file's "to be supplied") are left out. */
  create(input: EnvironmentInput): Promise<Environment | undefined>;
  /**
   * Plain variables, when given, are the whole new set; secrets are patched (a value replaces, null
   * removes); a name turned from plain to secret or back leaves the other kind. Raises the revision;
   * with `revision`, only if that is still the stored one (undefined otherwise, as for an unknown name).
   */
  update(name: string, update: EnvironmentUpdate, revision?: number): Promise<Environment | undefined>;
  delete(name: string): Promise<boolean>;
}

export function environmentStoreFor(storage: Storage, sealer: SecretSealer | null): EnvironmentStore {
  return byEngine<EnvironmentStore>(storage, {
    sqlite: (db) => new SqliteEnvironmentStore(db, sealer),
    postgres: (pg) => new PostgresEnvironmentStore(pg, sealer),
  });
}

export class SqliteEnvironmentStore implements EnvironmentStore {
  private readonly box: EnvironmentSecrets;

  constructor(
    private readonly db: Db,
    sealer: SecretSealer | null = null,
  ) {
    this.box = new EnvironmentSecrets(sealer);
  }

  async seedDefaults(): Promise<void> {
    const insert = this.db.prepare(`INSERT OR IGNORE INTO environments (name, description, vars, created_at, updated_at) VALUES (?, '', '{}', ?, ?)`);
    const now = nowIso();
    for (const name of DEFAULT_ENVIRONMENTS) insert.run(name, now, now);
  }

  async list(): Promise<Environment[]> {
    return this.rows().map(toEnvironment);
  }

  async get(name: string): Promise<Environment | undefined> {
    return this.getNow(name);
  }

  getNow(name: string): Environment | undefined {
    const row = this.row(name);
    return row && toEnvironment(row);
  }

  async flowContexts(): Promise<EnvContext[]> {
    return this.box.openRows(this.rows()).map(flowContextOf);
  }

  async secrets(name: string): Promise<Record<string, string>> {
    const row = this.row(name);
    return row ? this.box.open(row) : {};
  }

  async allSecretValues(): Promise<string[]> {
    return this.rows().flatMap((row) => Object.values(this.box.open(row)));
  }

  async openAll(): Promise<OpenEnvironment[]> {
    return this.box.openRows(this.rows());
  }

  async create(input: EnvironmentInput): Promise<Environment | undefined> {
    return this.createNow(input);
  }

  /** create, synchronously: for the import's transaction. */
  createNow(input: EnvironmentInput): Environment | undefined {
    const now = nowIso();
    const secrets = this.box.seal(input.name, {}, input.secrets);
    const result = this.db
      .prepare('INSERT OR IGNORE INTO environments (name, description, vars, secrets, outbound, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(input.name, input.description, JSON.stringify(input.vars), JSON.stringify(secrets), JSON.stringify(input.outbound), now, now);
    return result.changes === 0 ? undefined : this.getNow(input.name);
  }

  async update(name: string, update: EnvironmentUpdate, revision?: number): Promise<Environment | undefined> {
    return this.updateNow(name, update, revision);
  }

  /** update, synchronously: for the import's transaction. */
  updateNow(name: string, update: EnvironmentUpdate, revision?: number): Environment | undefined {
    const row = this.row(name);
    if (!row || (revision !== undefined && row.revision !== revision)) return undefined;
    const next = this.box.change(row, update);
    // Based on the row read above: a change made in between (another process) is not overwritten.
    const changed = this.db
      .prepare('UPDATE environments SET description = ?, vars = ?, secrets = ?, outbound = ?, updated_at = ?, revision = revision + 1 WHERE name = ? AND revision = ?')
      .run(next.description, next.vars, next.secrets, next.outbound, nowIso(), name, row.revision);
    return changed.changes === 0 ? undefined : this.getNow(name);
  }

  async delete(name: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM environments WHERE name = ?').run(name).changes > 0;
  }

  private rows(): EnvironmentRow[] {
    return this.db.prepare('SELECT * FROM environments ORDER BY created_at, name').all() as EnvironmentRow[];
  }

  private row(name: string): EnvironmentRow | undefined {
    return this.db.prepare('SELECT * FROM environments WHERE name = ?').get(name) as EnvironmentRow | undefined;
  }
}
