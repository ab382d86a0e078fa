import type { ApiDefinition, ApiRecord, ApiVersion } from '../../../shared/model/api.js';
import type { PgDatabase, Queryable } from '../../storage/postgres.js';
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
} from '../api-rows.js';
import type { ApiStore } from '../apis.js';
import { nowIso } from '../db.js';
import { newId } from '../ids.js';

const DEPLOY = `INSERT INTO deployments (environment, api_id, version, published_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (environment, api_id) DO UPDATE SET version = excluded.version, published_at = excluded.published_at`;

/** The APIs of a PostgreSQL workspace, shared by every replica on it. */
export class PostgresApiStore implements ApiStore {
  constructor(private readonly pg: PgDatabase) {}

  async list(): Promise<ApiRecord[]> {
    const [rows, deployments, latest] = await Promise.all([
      this.pg.all<ApiRow>('SELECT * FROM apis ORDER BY created_at, seq'),
      this.deploymentRows(),
      this.latestVersions(),
    ]);
    return toRecords(rows, deployments, latest);
  }

  async get(id: string, on?: Queryable): Promise<ApiRecord | undefined> {
    const row = await this.pg.one<ApiRow>('SELECT * FROM apis WHERE id = $1', [id], on);
    if (!row) return undefined;
    const [deployments, latest] = await Promise.all([this.deploymentRows(id, on), this.latestVersions(id, on)]);
    return toRecords([row], deployments, latest)[0];
  }

  async create(definition: ApiDefinition): Promise<ApiRecord> {
    const id = await this.insert(definition, nowIso());
    return (await this.get(id))!;
  }

  /** The insert alone, for the import's transaction (which sets its own creation times). */
  async insert(definition: ApiDefinition, createdAt: string, on?: Queryable): Promise<string> {
    const id = newId('api');
    await this.pg.run(
      'INSERT INTO apis (id, name, method, path, definition, draft_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)',
      [id, definition.name, definition.method, definition.path, JSON.stringify(definition), definitionHash(definition), createdAt],
      on,
    );
    return id;
  }

  async update(id: string, definition: ApiDefinition, revision?: number, on?: Queryable): Promise<ApiRecord | undefined> {
    const changed = await this.pg.run(
      `UPDATE apis SET name = $1, method = $2, path = $3, definition = $4, draft_hash = $5, updated_at = $6, revision = revision + 1
       WHERE id = $7 AND ($8::integer IS NULL OR revision = $8)`,
      [definition.name, definition.method, definition.path, JSON.stringify(definition), definitionHash(definition), nowIso(), id, revision ?? null],
      on,
    );
    return changed === 0 ? undefined : this.get(id, on);
  }

  async delete(id: string): Promise<boolean> {
    // Versions, deployments and examples go with it (ON DELETE CASCADE).
    return (await this.pg.run('DELETE FROM apis WHERE id = $1', [id])) > 0;
  }

  async publish(id: string, environment: string): Promise<{ version: number }> {
    return this.pg.transaction(async (client) => {
      // The API's row lock: a second replica publishing it waits here, then sees the version this one made.
      const row = await this.pg.one<ApiRow>('SELECT * FROM apis WHERE id = $1 FOR UPDATE', [id], client);
      if (!row) throw unknownApi(id);
      const newest = await this.pg.one<{ version: number; hash: string }>(
        'SELECT version, hash FROM api_versions WHERE api_id = $1 ORDER BY version DESC LIMIT 1',
        [id],
        client,
      );
      let version = newest?.version ?? 0;
      if (!newest || newest.hash !== row.draft_hash) {
        version += 1;
        await this.insertVersion(id, version, row.definition, row.draft_hash, nowIso(), client);
      }
      await this.deploy(id, environment, version, client);
      return { version };
    });
  }

  async insertVersion(id: string, version: number, definition: string, hash: string, createdAt: string, on?: Queryable): Promise<void> {
    await this.pg.run('INSERT INTO api_versions (api_id, version, definition, hash, created_at) VALUES ($1, $2, $3, $4, $5)', [id, version, definition, hash, createdAt], on);
  }

  async deploy(id: string, environment: string, version: number, on?: Queryable): Promise<void> {
    await this.pg.run(DEPLOY, [environment, id, version, nowIso()], on);
  }

  async undeploy(id: string, environment: string, on?: Queryable): Promise<boolean> {
    return (await this.pg.run('DELETE FROM deployments WHERE api_id = $1 AND environment = $2', [id, environment], on)) > 0;
  }

  async versions(id: string): Promise<ApiVersion[]> {
    const [rows, deployments] = await Promise.all([
      this.pg.all<VersionRow>('SELECT * FROM api_versions WHERE api_id = $1 ORDER BY version DESC', [id]),
      this.deploymentRows(id),
    ]);
    return toVersions(rows, deployments);
  }

  async version(id: string, version: number): Promise<ApiDefinition | undefined> {
    const row = await this.pg.one<{ definition: string }>('SELECT definition FROM api_versions WHERE api_id = $1 AND version = $2', [id, version]);
    return row && (JSON.parse(row.definition) as ApiDefinition);
  }

  async liveDeployments(on?: Queryable): Promise<LiveDeployment[]> {
    // COLLATE "C": the byte order SQLite sorts text in, so both engines list alike.
    const rows = await this.pg.all<DeploymentRow & { definition: string }>(`${LIVE_DEPLOYMENTS} ORDER BY d.environment COLLATE "C", d.api_id COLLATE "C"`, [], on);
    return rows.map(toLiveDeployment);
  }

  private deploymentRows(apiId?: string, on?: Queryable): Promise<DeploymentRow[]> {
    return this.pg.all<DeploymentRow>(`${DEPLOYMENTS} ${apiId ? 'WHERE d.api_id = $1' : ''} ORDER BY d.environment COLLATE "C"`, apiId ? [apiId] : [], on);
  }

  private async latestVersions(apiId?: string, on?: Queryable): Promise<Map<string, number>> {
    const rows = await this.pg.all<{ api_id: string; version: number }>(
      `SELECT api_id, MAX(version) AS version FROM api_versions ${apiId ? 'WHERE api_id = $1' : ''} GROUP BY api_id`,
      apiId ? [apiId] : [],
      on,
    );
    return new Map(rows.map((row) => [row.api_id, row.version]));
  }
}
