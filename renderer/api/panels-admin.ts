import type { ApiDefinition, ApiRecord, ApiVersion } from '../../shared/model/api.js';
import type { Environment, EnvironmentInput, EnvironmentUpdate } from '../../shared/model/environment.js';
import type { IssuedToken, KeyGroup, KeyGroupUpdate, TokenCreate, TokenInfo, TokenRoll, TokenUpdate } from '../../shared/model/token.js';
import type { LiveRoute } from '../../shared/api/admin.js';
import { adminRequest } from './client.js';

export type { LiveRoute };

export type KeyGroupCreate = { name: string; description: string; tokenIds?: string[] };

const token = (id: string): string => `/tokens/${encodeURIComponent(id)}`;
const keyGroup = (id: string): string => `/key-groups/${encodeURIComponent(id)}`;
const environment = (name: string): string => `/environments/${encodeURIComponent(name)}`;
const api = (id: string): string => `/apis/${encodeURIComponent(id)}`;

/** The admin endpoints the side panels use: tokens, key groups, environments, live routes, and API auth. */
export const panelsApi = {
  listTokens: () => adminRequest<TokenInfo[]>('GET', '/tokens'),
  /** The answer holds the token string: show it once, keep it nowhere. */
  createToken: (input: TokenCreate) => adminRequest<IssuedToken>('POST', '/tokens', input),
  updateToken: (id: string, patch: TokenUpdate) => adminRequest<TokenInfo>('PATCH', token(id), patch),
  revokeToken: (id: string) => adminRequest<TokenInfo>('POST', `${token(id)}/revoke`),
  deleteToken: (id: string) => adminRequest<void>('DELETE', token(id)),
  /** The answer holds the replacement's token string, once. */
  rollToken: (id: string, graceSeconds: TokenRoll['graceSeconds']) => adminRequest<IssuedToken>('POST', `${token(id)}/roll`, { graceSeconds }),

  listKeyGroups: () => adminRequest<KeyGroup[]>('GET', '/key-groups'),
  createKeyGroup: (input: KeyGroupCreate) => adminRequest<KeyGroup>('POST', '/key-groups', input),
  updateKeyGroup: (id: string, patch: KeyGroupUpdate) => adminRequest<KeyGroup>('PUT', keyGroup(id), patch),
  deleteKeyGroup: (id: string) => adminRequest<void>('DELETE', keyGroup(id)),

  createEnvironment: (input: EnvironmentInput) => adminRequest<Environment>('POST', '/environments', input),
  updateEnvironment: (name: string, patch: EnvironmentUpdate) => adminRequest<Environment>('PUT', environment(name), patch),
  deleteEnvironment: (name: string) => adminRequest<void>('DELETE', environment(name)),

  listRoutes: () => adminRequest<LiveRoute[]>('GET', '/routes'),
  getApi: (id: string) => adminRequest<ApiRecord>('GET', api(id)),
  listVersions: (id: string) => adminRequest<ApiVersion[]>('GET', `${api(id)}/versions`),
  saveApi: (id: string, definition: ApiDefinition) => adminRequest<ApiRecord>('PUT', api(id), definition),
  publishApi: (id: string, environmentName: string) =>
    adminRequest<{ environment: string; version: number; url: string }>('POST', `${api(id)}/publish`, { environment: environmentName }),
};
