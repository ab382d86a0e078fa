import { create } from 'zustand';
import type { ApiDefinitionInput, ApiRecord } from '../../shared/model/api.js';
import type { Environment } from '../../shared/model/environment.js';
import type { KeyGroup } from '../../shared/model/token.js';
import { admin } from '../api/client.js';
import { errorMessage } from '../api/errors.js';

type ApisState = {
  apis: ApiRecord[];
  loaded: boolean;
  loadError: string | null;
  environments: Environment[];
  /** Key groups to pick from, or null when they could not be listed (ids are then typed in). */
  keyGroups: Pick<KeyGroup, 'id' | 'name'>[] | null;
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
        admin.apis.list(),
        admin.environments.list(),
        admin.keyGroups.list().then((groups) => groups.map(({ id, name }) => ({ id, name })), () => null),
      ]);
      set({ apis, environments, keyGroups, loaded: true, loadError: null });
    } catch (failure) {
      set({ loaded: true, loadError: errorMessage(failure) });
    }
  },
  refreshEnvironments: async () => {
    set({ environments: await admin.environments.list() });
  },
  create: async (input) => {
    const created = await admin.apis.create({ body: input });
    set({ apis: [...get().apis, created] });
    return created;
  },
  remove: async (id) => {
    await admin.apis.delete({ params: { id } });
    set({ apis: get().apis.filter((api) => api.id !== id) });
  },
  upsert: (record) => {
    const apis = get().apis;
    const index = apis.findIndex((api) => api.id === record.id);
    set({ apis: index === -1 ? [...apis, record] : apis.map((api) => (api.id === record.id ? record : api)) });
  },
  refreshOne: async (id) => {
    get().upsert(await admin.apis.get({ params: { id } }));
  },
}));

/** Environment names in a stable order: dev and prod first, as builders think of them. */
export function environmentNames(environments: readonly Environment[]): string[] {
  const rank = (name: string): number => (name === 'dev' ? 0 : name === 'prod' ? 2 : 1);
  return environments.map((environment) => environment.name).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
