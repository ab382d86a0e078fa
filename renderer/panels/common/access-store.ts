import { useEffect } from 'react';
import { create } from 'zustand';
import type { KeyGroup, TokenInfo } from '../../../shared/model/token.js';
import { errorMessage } from '../../api/errors.js';
import { admin } from '../../api/client.js';
import { useApis } from '../../stores/apis.js';

type AccessState = {
  tokens: TokenInfo[];
  keyGroups: KeyGroup[];
  loaded: boolean;
  error: string | null;
  /** Tokens and key groups from the server; membership lives on both sides, so they load together. */
  load: () => Promise<void>;
  upsertToken: (token: TokenInfo) => void;
  upsertKeyGroup: (group: KeyGroup) => void;
};

/** The workspace's tokens and key groups, shared by the Tokens, Key groups and Access panels. */
export const useAccess = create<AccessState>()((set, get) => ({
  tokens: [],
  keyGroups: [],
  loaded: false,
  error: null,

  load: async () => {
    try {
      const [tokens, keyGroups] = await Promise.all([admin.tokens.list(), admin.keyGroups.list()]);
      set({ tokens, keyGroups, loaded: true, error: null });
      shareGroupNames(keyGroups);
    } catch (failure) {
      set({ loaded: true, error: errorMessage(failure) });
    }
  },
  upsertToken: (token) => {
    const tokens = get().tokens;
    set({ tokens: tokens.some((known) => known.id === token.id) ? tokens.map((known) => (known.id === token.id ? token : known)) : [token, ...tokens] });
  },
  upsertKeyGroup: (group) => {
    const groups = get().keyGroups;
    const keyGroups = groups.some((known) => known.id === group.id) ? groups.map((known) => (known.id === group.id ? group : known)) : [...groups, group];
    set({ keyGroups });
    shareGroupNames(keyGroups);
  },
}));

/** The inspector picks key groups from the apis store: keep its names current. */
function shareGroupNames(groups: readonly KeyGroup[]): void {
  useApis.setState({ keyGroups: groups.map(({ id, name }) => ({ id, name })) });
}

/** Reloads tokens and key groups when a panel shows, so usage and membership are current. */
export function useLoadAccess(): void {
  useEffect(() => {
    void useAccess.getState().load();
  }, []);
}
