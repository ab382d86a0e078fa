import type { Environment, EnvironmentUpdate, OutboundSettings } from '../../shared/model/environment.js';
import { DEFAULT_OUTBOUND } from '../../shared/model/environment.js';
import type { EnvContext } from '../../shared/model/runtime.js';
import { HttpError } from '../http/errors.js';

// The environments table as both engines read it, and the sealing of its secret variables.

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

