import { AsyncLocalStorage } from 'node:async_hooks';
import { draftCallMessage } from '../../shared/model/draft-calls.js';
import type { TestOutbound } from '../../shared/model/api-tests.js';
import { NodeFailure, type ExecutorServices } from '../executors/types.js';
import type { Storage } from '../storage/storage.js';
import { sandboxesFor, sandboxRecordStoreFor } from '../workspace/record-storage.js';
import type { RecordStore } from '../workspace/record-store.js';
import { testOutboundFetch } from '../testing/outbound.js';

/** The node error of an http.request a Draft session has not allowed yet; the tester asks, then runs again. */
export const DRAFT_CALL_NOT_ALLOWED = 'draft_call_not_allowed';
/** Sandboxes whose record stores a worker keeps ready (each holds its prepared statements). */
const MAX_KEPT_SANDBOXES = 32;

/** The Draft run a worker is executing: its session's sandbox and, for an API test's run, its outbound rules. */
export type DraftScope = { sandbox: string; testOutbound?: TestOutbound };

const currentDraft = new AsyncLocalStorage<DraftScope>();

/**
 * Runs a draft's call in its scope: everything the flow does from here, awaited steps included, reads and
 * writes that sandbox. A draft is compiled once whatever the session (compiling per session made every
 * throwaway run pay for it), so the scope travels with the call instead of with the executors.
 */
export function runInDraft<T>(scope: DraftScope, run: () => T): T {
  return currentDraft.run(scope, run);
}

function scope(): DraftScope {
  const draft = currentDraft.getStore();
  if (!draft) throw new Error('A draft ran outside its Draft run: it has no sandbox to read or write');
  return draft;
}

/**
 * What a Draft run's executors use: records through its session's sandbox (the live ones read, never
 * written), and outbound calls only to hosts the session allowed, each asked once in the tester.
 * An API test's run brings its own outbound rules instead: its stubs answer, its allowed hosts are called.
 */
export function draftServices(base: ExecutorServices, storage: Storage, live: RecordStore): ExecutorServices {
  const sandboxes = sandboxesFor(storage);
  const stores = new Map<string, RecordStore>();
  const store = (): RecordStore => {
    const { sandbox } = scope();
    let kept = stores.get(sandbox);
    if (!kept) {
      if (stores.size >= MAX_KEPT_SANDBOXES) stores.delete(stores.keys().next().value!);
      kept = sandboxRecordStoreFor(storage, live, sandbox);
      stores.set(sandbox, kept);
    }
    return kept;
  };
  const records: RecordStore = {
    insert: (collection, document) => store().insert(collection, document),
    get: (collection, id) => store().get(collection, id),
    query: (collection, query) => store().query(collection, query),
    page: (collection, query) => store().page(collection, query),
    update: (collection, id, patch) => store().update(collection, id, patch),
    delete: (collection, id) => store().delete(collection, id),
  };
  return {
    ...base,
    records,
    fetch: async (input, init, context) => {
      const { sandbox, testOutbound } = scope();
      if (testOutbound) return testOutboundFetch(testOutbound, base.fetch)(input, init, context);
      const host = new URL(String(input)).host;
      // Read at each call: the builder may have allowed the host since the draft was compiled.
      if (!(await sandboxes.allowedHosts(sandbox)).includes(host)) throw new NodeFailure(DRAFT_CALL_NOT_ALLOWED, draftCallMessage(host));
      return base.fetch(input, init, context);
    },
  };
}
