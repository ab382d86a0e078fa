import { describe, expect, it } from 'vitest';
import type { EnvContext } from '../../../shared/model/runtime.js';
import type { ServedTable } from '../../../server/workers/protocol.js';
import { ServedState } from '../../../server/workers/served-state.js';

const env = (name: string): EnvContext => ({ name, vars: {} });

const table = (live: ServedTable['live'], forget: string[] = []): ServedTable => ({
  envs: [env('dev')],
  outbound: {},
  ownListeners: [{ name: 'admin', port: 4000, host: '127.0.0.1' }],
  live,
  forget,
});

const liveOf = (state: ServedState) => state.table().live.map(({ apiId, version }) => `${apiId}@${version}`).sort();

/** What a flow worker started later is sent: the last whole table with every change since folded in. */
describe('ServedState', () => {
  it('folds one API\u2019s change into the table, leaving the others as they were', () => {
    const state = new ServedState();
    state.replace(table([{ apiId: 'a', version: 1 }, { apiId: 'b', version: 3 }]));
    state.change({ apiId: 'a', routes: [{ environment: 'dev', version: 2 }, { environment: 'prod', version: 1 }], envs: [env('prod')], forget: [] });
    expect(liveOf(state)).toEqual(['a@1', 'a@2', 'b@3']);
    expect(state.table().envs.map((each) => each.name)).toEqual(['dev', 'prod']);
    state.change({ apiId: 'b', routes: [], envs: [], forget: ['b'] });
    expect(liveOf(state)).toEqual(['a@1', 'a@2']);
  });

  it('hands a new worker nothing to forget: it reads the workspace as it is', () => {
    const state = new ServedState();
    state.replace(table([{ apiId: 'a', version: 1 }], ['gone']));
    expect(state.table().forget).toEqual([]);
    expect(state.table().ownListeners).toEqual([{ name: 'admin', port: 4000, host: '127.0.0.1' }]);
  });

  it('lets a whole table replace every change before it', () => {
    const state = new ServedState();
    state.change({ apiId: 'a', routes: [{ environment: 'dev', version: 1 }], envs: [env('dev')], forget: [] });
    state.replace(table([{ apiId: 'c', version: 1 }]));
    expect(liveOf(state)).toEqual(['c@1']);
  });
});
