import { create } from 'zustand';
import type { ApiDefinitionInput, ApiRecord } from '../../shared/model/api.js';
import type { Environment } from '../../shared/model/environment.js';
import { adminApi, type KeyGroupSummary } from '../api/admin.js';
import { errorMessage } from '../api/errors.js';

type ApisState = {
  apis: ApiRecord[];
  loaded: boolean;
  loadError: string | null;
  environments: Environment[];
  /** Key groups to pick from, or null when the server has no key-groups endpoint. */
  keyGroups: KeyGroupSummary[] | null;
  load: () => Promise<void>;
  refreshEnvironments: () => Promise<void>;
  create: (input: ApiDefinitionInput) => Promise<ApiRecord>;
  remove: (id: string) => Promise<void>;
  /** Puts the server's answer for one API into the list (after a save, publish or rollback). */
  upsert: (record: ApiRecord) => void;
  refreshOne: (id: string) => Promise<void>;
};

/** The workspace's APIs, environments and key groups, as the list and pickers show them. */
export const useApis = create<ApisState>()((set, get) => ({
  apis: [],
  loaded: false,
  loadError: null,
  environments: [],
  keyGroups: null,

  load: async () => {
    try {
      const [apis, environments, keyGroups] = await Promise.all([
        adminApi.listApis(),
        adminApi.listEnvironments(),
        adminApi.listKeyGroups().catch(() => null),
      ]);
      set({ apis, environments, keyGroups, loaded: true, loadError: null });
    } catch (failure) {
      set({ loaded: true, loadError: errorMessage(failure) });
    }
  },
  refreshEnvironments: async () => {
    set({ environments: await adminApi.listEnvironments() });
  },
  create: async (input) => {
    const created = await adminApi.createApi(input);
    set({ apis: [...get().apis, created] });
    return created;
  },
  remove: async (id) => {
    await adminApi.deleteApi(id);
    set({ apis: get().apis.filter((api) => api.id !== id) });
  },
  upsert: (record) => {
    const apis = get().apis;
    const index = apis.findIndex((api) => api.id === record.id);
    set({ apis: index === -1 ? [...apis, record] : apis.map((api) => (api.id === record.id ? record : api)) });
  },
  refreshOne: async (id) => {
    get().upsert(await adminApi.getApi(id));
  },
}));

/** Environment names in a stable order: dev and prod first, as builders think of them. */
export function environmentNames(environments: readonly Environment[]): string[] {
  const rank = (name: string): number => (name === 'dev' ? 0 : name === 'prod' ? 2 : 1);
  return environments.map((environment) => environment.name).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
