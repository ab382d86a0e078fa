import type { ApiDefinition, ApiRecord, ApiVersion } from '../../shared/model/api.js';
import { byEngine, type Storage } from '../storage/storage.js';
import {
  DEPLOYMENTS,
  LIVE_DEPLOYMENTS,
  definitionHash,
  toLiveDeployment,
  toRecords,
  toVersions,
  unknownApi,
  type ApiRow,
  type DeploymentRow,
  type LiveDeployment,
  type VersionRow,
} from './api-rows.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { newId } from './ids.js';
import { PostgresApiStore } from './postgres/apis.js';

export { definitionHash, type LiveDeployment } from './api-rows.js';

/** App APIs, their frozen versions and which version each environment serves; one class per storage engine. */
export interface ApiStore {
  /** Every API, in creation order. */
  list(): Promise<ApiRecord[]>;
  get(id: string): Promise<ApiRecord | undefined>;
  create(definition: ApiDefinition): Promise<ApiRecord>;
  /**
   * Replaces the draft and raises its revision; with `revision`, only if that is still the stored
   * one (undefined otherwise, as for an unknown id).
   */
  update(id: string, definition: ApiDefinition, revision?: number): Promise<ApiRecord | undefined>;
  /** Deletes the API with its versions, deployments and examples; false when there was none. */
  delete(id: string): Promise<boolean>;
  /**
   * Freezes the draft into a version (reusing the newest version when the draft equals it) and
   * points the environment at it, in one transaction. Two replicas publishing at once get distinct
   * numbers, never a duplicate.
   */
  publish(id: string, environment: string): Promise<{ version: number }>;
  /** Points the environment at an existing version (a rollback). */
  deploy(id: string, environment: string, version: number): Promise<void>;
  /** Takes the API off an environment; false when it was not there. */
  undeploy(id: string, environment: string): Promise<boolean>;
  /** Newest first, each with the environments serving it. */
  versions(id: string): Promise<ApiVersion[]>;
  version(id: string, version: number): Promise<ApiDefinition | undefined>;
  /** Everything the runtime serves, across environments. */
  liveDeployments(): Promise<LiveDeployment[]>;
}

export function apiStoreFor(storage: Storage): ApiStore {
  return byEngine<ApiStore>(storage, { sqlite: (db) => new SqliteApiStore(db), postgres: (pg) => new PostgresApiStore(pg) });
}

export class SqliteApiStore implements ApiStore {
  private readonly sql: (text: string) => Statement;
  private reader: SqliteVersionReader | undefined;

  constructor(private readonly db: Db) {
    this.sql = preparedOnce(db);
  }

  async list(): Promise<ApiRecord[]> {
    const rows = this.sql('SELECT * FROM apis ORDER BY created_at, rowid').all() as ApiRow[];
    return toRecords(rows, this.deploymentRows(), this.latestVersions());
  }

  async get(id: string): Promise<ApiRecord | undefined> {
    return this.getNow(id);
  }

  async create(definition: ApiDefinition): Promise<ApiRecord> {
    return this.getNow(this.insert(definition, nowIso()))!;
  }

  /** The insert alone, for the import's transaction (which sets its own creation times). */
  insert(definition: ApiDefinition, createdAt: string): string {
    const id = newId('api');
    this.sql('INSERT INTO apis (id, name, method, path, definition, draft_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(id, definition.name, definition.method, definition.path, JSON.stringify(definition), definitionHash(definition), createdAt, createdAt);
    return id;
  }

  async update(id: string, definition: ApiDefinition, revision?: number): Promise<ApiRecord | undefined> {
    return this.updateNow(id, definition, revision);
  }

  /** update, synchronously: for the import's transaction. */
  updateNow(id: string, definition: ApiDefinition, revision?: number): ApiRecord | undefined {
    const result = this.sql(
      `UPDATE apis SET name = ?, method = ?, path = ?, definition = ?, draft_hash = ?, updated_at = ?, revision = revision + 1
         WHERE id = ? AND (? IS NULL OR revision = ?)`,
    ).run(definition.name, definition.method, definition.path, JSON.stringify(definition), definitionHash(definition), nowIso(), id, revision ?? null, revision ?? null);
    return result.changes === 0 ? undefined : this.getNow(id);
  }

  async delete(id: string): Promise<boolean> {
    return this.db.transaction(() => {
      this.sql('DELETE FROM deployments WHERE api_id = ?').run(id);
      this.sql('DELETE FROM api_versions WHERE api_id = ?').run(id);
      return this.sql('DELETE FROM apis WHERE id = ?').run(id).changes > 0;
    })();
  }

  async publish(id: string, environment: string): Promise<{ version: number }> {
    // IMMEDIATE (see db.ts): the write lock is held from the read of the newest version to the insert.
    return this.db.transaction(() => {
      const row = this.sql('SELECT * FROM apis WHERE id = ?').get(id) as ApiRow | undefined;
      if (!row) throw unknownApi(id);
      const newest = this.sql('SELECT version, hash FROM api_versions WHERE api_id = ? ORDER BY version DESC LIMIT 1').get(id) as { version: number; hash: string } | undefined;
      let version = newest?.version ?? 0;
      if (!newest || newest.hash !== row.draft_hash) {
        version += 1;
        this.insertVersion(id, version, row.definition, row.draft_hash, nowIso());
      }
      this.deployNow(id, environment, version);
      return { version };
    })();
  }

  insertVersion(id: string, version: number, definition: string, hash: string, createdAt: string): void {
    this.sql('INSERT INTO api_versions (api_id, version, definition, hash, created_at) VALUES (?, ?, ?, ?, ?)').run(id, version, definition, hash, createdAt);
  }

  async deploy(id: string, environment: string, version: number): Promise<void> {
    this.deployNow(id, environment, version);
  }

  deployNow(id: string, environment: string, version: number): void {
    this.sql(
      `INSERT INTO deployments (environment, api_id, version, published_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (environment, api_id) DO UPDATE SET version = excluded.version, published_at = excluded.published_at`,
    ).run(environment, id, version, nowIso());
  }

  async undeploy(id: string, environment: string): Promise<boolean> {
    return this.undeployNow(id, environment);
  }

  undeployNow(id: string, environment: string): boolean {
    return this.sql('DELETE FROM deployments WHERE api_id = ? AND environment = ?').run(id, environment).changes > 0;
  }

  async versions(id: string): Promise<ApiVersion[]> {
    const rows = this.sql('SELECT * FROM api_versions WHERE api_id = ? ORDER BY version DESC').all(id) as VersionRow[];
    return toVersions(rows, this.deploymentRows(id));
  }

  async version(id: string, version: number): Promise<ApiDefinition | undefined> {
    this.reader ??= new SqliteVersionReader(this.db);
    return this.reader.version(id, version);
  }

  async liveDeployments(): Promise<LiveDeployment[]> {
    return this.liveNow();
  }

  /** liveDeployments, synchronously: the import checks them inside its transaction. */
  liveNow(): LiveDeployment[] {
    const rows = this.sql(`${LIVE_DEPLOYMENTS} ORDER BY d.environment, d.api_id`).all() as (DeploymentRow & { definition: string })[];
    return rows.map(toLiveDeployment);
  }

  /** get, synchronously: for the import's transaction. */
  getNow(id: string): ApiRecord | undefined {
    const row = this.sql('SELECT * FROM apis WHERE id = ?').get(id) as ApiRow | undefined;
    return row && toRecords([row], this.deploymentRows(id), this.latestVersions(id))[0];
  }

  private deploymentRows(apiId?: string): DeploymentRow[] {
    const statement = this.sql(`${DEPLOYMENTS} ${apiId ? 'WHERE d.api_id = ?' : ''} ORDER BY d.environment`);
    return (apiId ? statement.all(apiId) : statement.all()) as DeploymentRow[];
  }

  private latestVersions(apiId?: string): Map<string, number> {
    const statement = this.sql(`SELECT api_id, MAX(version) AS version FROM api_versions ${apiId ? 'WHERE api_id = ?' : ''} GROUP BY api_id`);
    const rows = (apiId ? statement.all(apiId) : statement.all()) as { api_id: string; version: number }[];
    return new Map(rows.map((row) => [row.api_id, row.version]));
  }
}

/** A flow worker's synchronous read of one frozen version (workers compile what the listener tells them to serve). */
export class SqliteVersionReader {
  private readonly sql: (text: string) => Statement;

  constructor(db: Db) {
    this.sql = preparedOnce(db);
  }

  version(id: string, version: number): ApiDefinition | undefined {
    const row = this.sql('SELECT definition FROM api_versions WHERE api_id = ? AND version = ?').get(id, version) as { definition: string } | undefined;
    return row && (JSON.parse(row.definition) as ApiDefinition);
  }
}


/**
 * Each SQL text prepared once per database and kept: better-sqlite3 compiles a statement on every
 * `prepare`, which was a share of each publish and of each reload of one API.
 */
function preparedOnce(db: Db): (text: string) => Statement {
  const statements = new Map<string, Statement>();
  return (text) => {
    let statement = statements.get(text);
    if (!statement) statements.set(text, (statement = db.prepare(text)));
    return statement;
  };
}
