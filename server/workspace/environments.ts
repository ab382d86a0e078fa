import type { Environment, EnvironmentInput, EnvironmentUpdate, OutboundSettings } from '../../shared/model/environment.js';
import { DEFAULT_ENVIRONMENTS, DEFAULT_OUTBOUND } from '../../shared/model/environment.js';
import type { EnvContext } from '../../shared/model/runtime.js';
import { HttpError } from '../http/errors.js';
import type { Db } from './db.js';
import { nowIso } from './db.js';

type EnvironmentRow = { name: string; description: string; vars: string; secrets: string; outbound: string; created_at: string; updated_at: string; revision: number };

/** Seals secret values at rest (the workspace key's AES-GCM, see auth/key-encryption); `context` is bound in, so a sealed value cannot be moved to another name. */
export type SecretSealer = { encrypt(plain: string, context: string): string; decrypt(sealed: string, context: string): string };

/** A secret was given, but the workspace has no key to seal it with. */
export class SecretsUnavailable extends HttpError {
  constructor() {
    super(409, 'secrets_unavailable', 'This workspace has no key to encrypt secrets with: start Flowgate with FLOWGATE_KEK (or its key file) to keep secret variables.');
  }
}

const sealContext = (environment: string, name: string): string => `environment-secret:${environment}:${name}`;

function toEnvironment(row: EnvironmentRow): Environment {
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

export class EnvironmentRepository {
  /** Decrypted secrets per environment, made on first use and dropped on every write. */
  private secretsCache = new Map<string, Record<string, string>>();

  constructor(
    private readonly db: Db,
    private readonly sealer: SecretSealer | null = null,
  ) {}

  /** `dev` and `prod` exist in every new workspace. */
  seedDefaults(): void {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO environments (name, description, vars, created_at, updated_at) VALUES (?, '', '{}', ?, ?)`,
    );
    const now = nowIso();
    for (const name of DEFAULT_ENVIRONMENTS) insert.run(name, now, now);
  }

  list(): Environment[] {
    return this.rows().map(toEnvironment);
  }

  get(name: string): Environment | undefined {
    const row = this.row(name);
    return row && toEnvironment(row);
  }

  /** What flows of each environment read as `env`: plain variables and secrets alike, decrypted. */
  flowContexts(): EnvContext[] {
    return this.rows().map((row) => ({ name: row.name, vars: { ...(JSON.parse(row.vars) as Record<string, string>), ...this.secretsOf(row) } }));
  }

  /** The environment's secret values in clear, for flows and for redacting them from what is shown. */
  secrets(name: string): Record<string, string> {
    const row = this.row(name);
    return row ? this.secretsOf(row) : {};
  }

  /** Every environment's secret values, for hiding them where the environment is not known (the server's log). */
  allSecretValues(): string[] {
    return this.rows().flatMap((row) => Object.values(this.secretsOf(row)));
  }

  /** Undefined when the name is taken. Secrets given empty (an imported file's "to be supplied") are left out. */
  create(input: EnvironmentInput): Environment | undefined {
    const now = nowIso();
    const secrets = this.seal(input.name, {}, input.secrets);
    const result = this.db
      .prepare('INSERT OR IGNORE INTO environments (name, description, vars, secrets, outbound, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(input.name, input.description, JSON.stringify(input.vars), JSON.stringify(secrets), JSON.stringify(input.outbound), now, now);
    this.secretsCache.delete(input.name);
    return result.changes === 0 ? undefined : this.get(input.name);
  }

  /**
   * Plain variables, when given, are the whole new set; secrets are patched (a value replaces, null
   * removes); a name turned from plain to secret or back leaves the other kind. Raises the revision;
   * with `revision`, only if that is still the stored one (undefined otherwise, as for an unknown name).
   */
  update(name: string, update: EnvironmentUpdate, revision?: number): Environment | undefined {
    const row = this.row(name);
    if (!row || (revision !== undefined && row.revision !== revision)) return undefined;
    const sealed = JSON.parse(row.secrets) as Record<string, string>;
    const vars: Record<string, string> = { ...(update.vars ?? (JSON.parse(row.vars) as Record<string, string>)) };
    for (const secretName of Object.keys(update.secrets ?? {})) delete vars[secretName];
    const secrets = this.seal(name, sealed, update.secrets ?? {});
    for (const plainName of Object.keys(vars)) delete secrets[plainName];
    // Based on the row read above: a change made in between (another process) is not overwritten.
    const changed = this.db
      .prepare('UPDATE environments SET description = ?, vars = ?, secrets = ?, outbound = ?, updated_at = ?, revision = revision + 1 WHERE name = ? AND revision = ?')
      .run(update.description ?? row.description, JSON.stringify(vars), JSON.stringify(secrets), update.outbound ? JSON.stringify(update.outbound) : row.outbound, nowIso(), name, row.revision);
    this.secretsCache.delete(name);
    return changed.changes === 0 ? undefined : this.get(name);
  }

  delete(name: string): boolean {
    this.secretsCache.delete(name);
    return this.db.prepare('DELETE FROM environments WHERE name = ?').run(name).changes > 0;
  }

  private rows(): EnvironmentRow[] {
    return this.db.prepare('SELECT * FROM environments ORDER BY created_at, name').all() as EnvironmentRow[];
  }

  private row(name: string): EnvironmentRow | undefined {
    return this.db.prepare('SELECT * FROM environments WHERE name = ?').get(name) as EnvironmentRow | undefined;
  }

  private secretsOf(row: EnvironmentRow): Record<string, string> {
    const cached = this.secretsCache.get(row.name);
    if (cached) return cached;
    const sealed = JSON.parse(row.secrets) as Record<string, string>;
    const names = Object.keys(sealed);
    if (names.length > 0 && !this.sealer) throw new SecretsUnavailable();
    const open: Record<string, string> = {};
    for (const name of names) open[name] = this.sealer!.decrypt(sealed[name]!, sealContext(row.name, name));
    this.secretsCache.set(row.name, open);
    return open;
  }

  /** The sealed secrets after applying the changes; empty values are skipped, null removes. */
  private seal(environment: string, sealed: Record<string, string>, changes: Record<string, string | null>): Record<string, string> {
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
}
