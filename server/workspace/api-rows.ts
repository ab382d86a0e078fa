import { createHash } from 'node:crypto';
import type { ApiDefinition, ApiRecord, ApiVersion, Deployment } from '../../shared/model/api.js';
import { notFound } from '../http/errors.js';

// The apis, api_versions and deployments tables as both engines read them: rows, queries and their mapping.

export type ApiRow = { id: string; definition: string; draft_hash: string; created_at: string; updated_at: string; revision: number };
export type DeploymentRow = { environment: string; api_id: string; version: number; published_at: string; hash: string };
export type VersionRow = { api_id: string; version: number; definition: string; hash: string; created_at: string };

/** What the runtime serves: one row per (environment, API) deployment, with the frozen definition. */
export type LiveDeployment = { environment: string; apiId: string; version: number; definition: ApiDefinition; publishedAt: string };

/** Drafts differ from versions by content, not by save time: positions count too, so moving a node marks the draft changed. */
export function definitionHash(definition: ApiDefinition): string {
  return createHash('sha256').update(JSON.stringify(definition)).digest('base64url').slice(0, 22);
}

/** Thrown by publish for an id with no API (the service checks first; a delete may land in between). */
export const unknownApi = (id: string) => notFound(`The API "${id}"`);

export const DEPLOYMENTS = `SELECT d.environment, d.api_id, d.version, d.published_at, v.hash
  FROM deployments d JOIN api_versions v ON v.api_id = d.api_id AND v.version = d.version`;

export const LIVE_DEPLOYMENTS = `SELECT d.environment, d.api_id, d.version, d.published_at, v.definition
  FROM deployments d JOIN api_versions v ON v.api_id = d.api_id AND v.version = d.version`;

export const toLiveDeployment = (row: DeploymentRow & { definition: string }): LiveDeployment => ({
  environment: row.environment,
  apiId: row.api_id,
  version: row.version,
  publishedAt: row.published_at,
  definition: JSON.parse(row.definition) as ApiDefinition,
});

export function toVersions(rows: VersionRow[], deployments: DeploymentRow[]): ApiVersion[] {
  return rows.map((row) => ({
    apiId: row.api_id,
    version: row.version,
    definition: JSON.parse(row.definition) as ApiDefinition,
    createdAt: row.created_at,
    environments: deployments.filter((d) => d.version === row.version).map((d) => d.environment),
  }));
}

export function toRecords(rows: ApiRow[], deployments: DeploymentRow[], latest: Map<string, number>): ApiRecord[] {
  // Grouped once: a list of every API must not scan every deployment per API.
  const byApi = new Map<string, DeploymentRow[]>();
  for (const deployment of deployments) byApi.set(deployment.api_id, [...(byApi.get(deployment.api_id) ?? []), deployment]);
  return rows.map((row) => {
    const definition = JSON.parse(row.definition) as ApiDefinition;
    const mine: Deployment[] = (byApi.get(row.id) ?? [])
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
  });
}
