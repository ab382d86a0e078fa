import type { Environment, EnvironmentInput, EnvironmentUpdate, OutboundSettings } from '../../shared/model/environment.js';
import { DEFAULT_ENVIRONMENTS, DEFAULT_OUTBOUND } from '../../shared/model/environment.js';
import type { EnvContext } from '../../shared/model/runtime.js';
import { HttpError } from '../http/errors.js';
import { byEngine, type Storage } from '../storage/storage.js';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { PostgresEnvironmentStore } from './postgres/environments.js';

export type EnvironmentRow = { name: string; description: string; vars: string; secrets: string; outbound: string; created_at: string; updated_at: string; revision: number };

/** Seals secret values at rest (the workspace key's AES-GCM, see auth/key-encryption); `context` is bound in, so a sealed value cannot be moved to another name. */
export type SecretSealer = { encrypt(plain: string, context: string): string; decrypt(sealed: string, context: string): string };

/** A secret was given, but the workspace has no key to seal it with. */
export class SecretsUnavailable extends HttpError {
  constructor() {
    super(409, 'secrets_unavailable', 'This workspace has no key to encrypt secrets with: start Flowgate with FLOWGATE_KEK (or its key file) to keep secret variables.');
  }
}

/** An environment with its secret values in clear: what flows read and what the log hides. */
export type OpenEnvironment = { environment: Environment; secrets: Record<string, string> };

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

export function toEnvironment(row: EnvironmentRow): Environment {
  return {
    name: row.name,
    description: row.description,
    vars: JSON.parse(row.vars) as Record<string, string>,
    secretNames: Object.keys(JSON.parse(row.secrets) as Record<string, string>).sort(),
    outbound: { ...DEFAULT_OUTBOUND, ...(JSON.parse(row.outbound) as Partial<OutboundSettings>) },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    revision: row.revision,
  };
}

const sealContext = (environment: string, name: string): string => `environment-secret:${environment}:${name}`;

/** The stored columns an update writes: worked out from the row it read, in the same way on both engines. */
export type EnvironmentChange = { description: string; vars: string; secrets: string; outbound: string };

/** Seals and opens environments' secrets; what it opened is kept by the sealed text, so a change made by another replica is never served stale. */
export class EnvironmentSecrets {
  private readonly opened = new Map<string, { sealed: string; open: Record<string, string> }>();

  constructor(private readonly sealer: SecretSealer | null) {}

  open(row: EnvironmentRow): Record<string, string> {
    const cached = this.opened.get(row.name);
    if (cached?.sealed === row.secrets) return cached.open;
    const sealed = JSON.parse(row.secrets) as Record<string, string>;
    const names = Object.keys(sealed);
    if (names.length > 0 && !this.sealer) throw new SecretsUnavailable();
    const open: Record<string, string> = {};
    for (const name of names) open[name] = this.sealer!.decrypt(sealed[name]!, sealContext(row.name, name));
    this.opened.set(row.name, { sealed: row.secrets, open });
    return open;
  }

  /** The sealed secrets after applying the changes; empty values are skipped, null removes. */
  seal(environment: string, sealed: Record<string, string>, changes: Record<string, string | null>): Record<string, string> {
    // No prototype: a variable may be called __proto__ like any identifier.
    const next = Object.assign(Object.create(null) as Record<string, string>, sealed);
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) {
        delete next[name];
        continue;
      }
      if (value === '') continue;
      if (!this.sealer) throw new SecretsUnavailable();
      next[name] = this.sealer.encrypt(value, sealContext(environment, name));
    }
    return next;
  }

  /** The row's columns after an update (see EnvironmentStore.update). */
  change(row: EnvironmentRow, update: EnvironmentUpdate): EnvironmentChange {
    const vars: Record<string, string> = { ...(update.vars ?? (JSON.parse(row.vars) as Record<string, string>)) };
    for (const secretName of Object.keys(update.secrets ?? {})) delete vars[secretName];
    const secrets = this.seal(row.name, JSON.parse(row.secrets) as Record<string, string>, update.secrets ?? {});
    for (const plainName of Object.keys(vars)) delete secrets[plainName];
    return {
      description: update.description ?? row.description,
      vars: JSON.stringify(vars),
      secrets: JSON.stringify(secrets),
      outbound: update.outbound ? JSON.stringify(update.outbound) : row.outbound,
    };
  }

  /** Every row opened: environments with their secrets, and what flows read as `env`. */
  openRows(rows: EnvironmentRow[]): OpenEnvironment[] {
    return rows.map((row) => ({ environment: toEnvironment(row), secrets: this.open(row) }));
  }
}

/** What flows of an environment read as `env`: its plain variables, then its secrets. */
export const flowContextOf = ({ environment, secrets }: OpenEnvironment): EnvContext => ({ name: environment.name, vars: { ...environment.vars, ...secrets } });

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
