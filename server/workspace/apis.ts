import { createHash } from 'node:crypto';
import type { ApiDefinition, ApiRecord, ApiVersion, Deployment } from '../../shared/model/api.js';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { newId } from './ids.js';

type ApiRow = { id: string; definition: string; draft_hash: string; created_at: string; updated_at: string; revision: number };
type DeploymentRow = { environment: string; api_id: string; version: number; published_at: string; hash: string };
type VersionRow = { api_id: string; version: number; definition: string; hash: string; created_at: string };

/** What the runtime serves: one row per (environment, API) deployment, with the frozen definition. */
export type LiveDeployment = { environment: string; apiId: string; version: number; definition: ApiDefinition; publishedAt: string };

/** Drafts differ from versions by content, not by save time: positions count too, so moving a node marks the draft changed. */
export function definitionHash(definition: ApiDefinition): string {
  return createHash('sha256').update(JSON.stringify(definition)).digest('base64url').slice(0, 22);
}

export class ApiRepository {
  constructor(private readonly db: Db) {}

  list(): ApiRecord[] {
    const rows = this.db.prepare('SELECT * FROM apis ORDER BY created_at, rowid').all() as ApiRow[];
    const deployments = this.deploymentRows();
    const latest = this.latestVersions();
    return rows.map((row) => this.toRecord(row, deployments, latest));
  }

  get(id: string): ApiRecord | undefined {
    const row = this.db.prepare('SELECT * FROM apis WHERE id = ?').get(id) as ApiRow | undefined;
    return row && this.toRecord(row, this.deploymentRows(id), this.latestVersions(id));
  }

  create(definition: ApiDefinition): ApiRecord {
    const id = newId('api');
    const now = nowIso();
    this.db
      .prepare('INSERT INTO apis (id, name, method, path, definition, draft_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, definition.name, definition.method, definition.path, JSON.stringify(definition), definitionHash(definition), now, now);
    return this.get(id)!;
  }

  /**
   * Replaces the draft and raises its revision; with `revision`, only if that is still the stored
   * one (undefined otherwise, as for an unknown id).
   */
  update(id: string, definition: ApiDefinition, revision?: number): ApiRecord | undefined {
    const result = this.db
      .prepare(
        `UPDATE apis SET name = ?, method = ?, path = ?, definition = ?, draft_hash = ?, updated_at = ?, revision = revision + 1
         WHERE id = ? AND (? IS NULL OR revision = ?)`,
      )
      .run(definition.name, definition.method, definition.path, JSON.stringify(definition), definitionHash(definition), nowIso(), id, revision ?? null, revision ?? null);
    return result.changes === 0 ? undefined : this.get(id);
  }

  /** Deletes the API with its versions and deployments. */
  delete(id: string): boolean {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM deployments WHERE api_id = ?').run(id);
      this.db.prepare('DELETE FROM api_versions WHERE api_id = ?').run(id);
      return this.db.prepare('DELETE FROM apis WHERE id = ?').run(id).changes > 0;
    })();
  }

  /**
   * Freezes the draft into a version (reusing the newest version when the draft equals it) and
   * points the environment at it, in one transaction.
   */
  publish(id: string, environment: string): { version: number } {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT * FROM apis WHERE id = ?').get(id) as ApiRow;
      const newest = this.db
        .prepare('SELECT version, hash FROM api_versions WHERE api_id = ? ORDER BY version DESC LIMIT 1')
        .get(id) as { version: number; hash: string } | undefined;
      let version = newest?.version ?? 0;
      if (!newest || newest.hash !== row.draft_hash) {
        version += 1;
        this.db
          .prepare('INSERT INTO api_versions (api_id, version, definition, hash, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(id, version, row.definition, row.draft_hash, nowIso());
      }
      this.deploy(id, environment, version);
      return { version };
    })();
  }

  deploy(id: string, environment: string, version: number): void {
    this.db
      .prepare(
        `INSERT INTO deployments (environment, api_id, version, published_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (environment, api_id) DO UPDATE SET version = excluded.version, published_at = excluded.published_at`,
      )
      .run(environment, id, version, nowIso());
  }

  /** Takes the API off an environment. */
  undeploy(id: string, environment: string): boolean {
    return this.db.prepare('DELETE FROM deployments WHERE api_id = ? AND environment = ?').run(id, environment).changes > 0;
  }

  versions(id: string): ApiVersion[] {
    const rows = this.db.prepare('SELECT * FROM api_versions WHERE api_id = ? ORDER BY version DESC').all(id) as VersionRow[];
    const deployments = this.deploymentRows(id);
    return rows.map((row) => ({
      apiId: row.api_id,
      version: row.version,
      definition: JSON.parse(row.definition) as ApiDefinition,
      createdAt: row.created_at,
      environments: deployments.filter((d) => d.version === row.version).map((d) => d.environment),
    }));
  }

  version(id: string, version: number): ApiDefinition | undefined {
    const row = this.db.prepare('SELECT definition FROM api_versions WHERE api_id = ? AND version = ?').get(id, version) as
      | { definition: string }
      | undefined;
    return row && (JSON.parse(row.definition) as ApiDefinition);
  }

  /** Everything the runtime serves, across environments. */
  liveDeployments(): LiveDeployment[] {
    const rows = this.db
      .prepare(
        `SELECT d.environment, d.api_id, d.version, d.published_at, v.definition
         FROM deployments d JOIN api_versions v ON v.api_id = d.api_id AND v.version = d.version
         ORDER BY d.environment, d.api_id`,
      )
      .all() as (DeploymentRow & { definition: string })[];
    return rows.map((row) => ({
      environment: row.environment,
      apiId: row.api_id,
      version: row.version,
      publishedAt: row.published_at,
      definition: JSON.parse(row.definition) as ApiDefinition,
    }));
  }

  private deploymentRows(apiId?: string): DeploymentRow[] {
    const sql = `SELECT d.environment, d.api_id, d.version, d.published_at, v.hash
      FROM deployments d JOIN api_versions v ON v.api_id = d.api_id AND v.version = d.version
      ${apiId ? 'WHERE d.api_id = ?' : ''} ORDER BY d.environment`;
    const statement = this.db.prepare(sql);
    return (apiId ? statement.all(apiId) : statement.all()) as DeploymentRow[];
  }

  private latestVersions(apiId?: string): Map<string, number> {
    const sql = `SELECT api_id, MAX(version) AS version FROM api_versions ${apiId ? 'WHERE api_id = ?' : ''} GROUP BY api_id`;
    const statement = this.db.prepare(sql);
    const rows = (apiId ? statement.all(apiId) : statement.all()) as { api_id: string; version: number }[];
    return new Map(rows.map((row) => [row.api_id, row.version]));
  }

  private toRecord(row: ApiRow, deployments: DeploymentRow[], latest: Map<string, number>): ApiRecord {
    const definition = JSON.parse(row.definition) as ApiDefinition;
    const mine: Deployment[] = deployments
      .filter((d) => d.api_id === row.id)
      .map((d) => ({ environment: d.environment, version: d.version, publishedAt: d.published_at, draftChanged: d.hash !== row.draft_hash }));
    return {
      ...definition,
      id: row.id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      latestVersion: latest.get(row.id) ?? null,
      deployments: mine,
      revision: row.revision,
    };
  }
}
