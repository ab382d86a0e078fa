import type { CompileProblem } from '../../shared/compile/plan.js';
import type { ApiDefinition, ApiDefinitionInput, ApiRecord, ApiVersion } from '../../shared/model/api.js';
import type { Environment } from '../../shared/model/environment.js';
import { adminRequest } from './client.js';
import { AdminApiError } from './errors.js';

export type Session = { signedIn: true; runtimeUrl: string } | { signedIn: false };
export type Published = { environment: string; version: number; url: string };
export type KeyGroupSummary = { id: string; name: string };

const api = (id: string): string => `/apis/${encodeURIComponent(id)}`;

/** The admin API, one typed function per endpoint the editor core uses. */
export const adminApi = {
  session: () => adminRequest<Session>('GET', '/session', undefined, { quietUnauthorized: true }),
  signIn: (key: string) => adminRequest<void>('POST', '/session', { key }, { quietUnauthorized: true }),
  signOut: () => adminRequest<void>('DELETE', '/session', undefined, { quietUnauthorized: true }),

  listApis: () => adminRequest<ApiRecord[]>('GET', '/apis'),
  getApi: (id: string) => adminRequest<ApiRecord>('GET', api(id)),
  createApi: (definition: ApiDefinitionInput) => adminRequest<ApiRecord>('POST', '/apis', definition),
  saveApi: (id: string, definition: ApiDefinition, keepalive = false) => adminRequest<ApiRecord>('PUT', api(id), definition, { keepalive }),
  deleteApi: (id: string) => adminRequest<void>('DELETE', api(id)),
  validateApi: (id: string, definition?: ApiDefinition) =>
    adminRequest<{ ok: boolean; problems: CompileProblem[] }>('POST', `${api(id)}/validate`, definition ? { definition } : {}),
  publishApi: (id: string, environment: string) => adminRequest<Published>('POST', `${api(id)}/publish`, { environment }),
  unpublishApi: (id: string, environment: string) => adminRequest<void>('POST', `${api(id)}/unpublish`, { environment }),
  listVersions: (id: string) => adminRequest<ApiVersion[]>('GET', `${api(id)}/versions`),
  rollbackApi: (id: string, environment: string, version: number) =>
    adminRequest<{ environment: string; version: number }>('POST', `${api(id)}/rollback`, { environment, version }),

  listEnvironments: () => adminRequest<Environment[]>('GET', '/environments'),

  /** Key groups, or null while the server has no key-groups endpoint yet. */
  listKeyGroups: async (): Promise<KeyGroupSummary[] | null> => {
    try {
      const groups = await adminRequest<KeyGroupSummary[]>('GET', '/key-groups');
      return Array.isArray(groups) ? groups.map(({ id, name }) => ({ id, name })) : null;
    } catch (failure) {
      if (failure instanceof AdminApiError && failure.status === 404) return null;
      throw failure;
    }
  },
};
