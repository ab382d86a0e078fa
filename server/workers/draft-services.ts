import { draftCallMessage } from '../../shared/model/draft-calls.js';
import { NodeFailure, type ExecutorServices } from '../executors/types.js';
import type { Db } from '../workspace/db.js';
import type { RecordStore } from '../workspace/record-store.js';
import { SandboxRecordStore } from '../workspace/sandbox-record-store.js';
import { Sandboxes } from '../workspace/sandboxes.js';

/** The node error of an http.request a Draft session has not allowed yet; the tester asks, then runs again. */
export const DRAFT_CALL_NOT_ALLOWED = 'draft_call_not_allowed';

/**
 * What a Draft run's executors use: records through its session's sandbox (the live ones read, never
 * written), and outbound calls only to hosts the session allowed, each asked once in the tester.
 */
export function draftServices(base: ExecutorServices, db: Db, live: RecordStore, sandboxId: string): ExecutorServices {
  const sandboxes = new Sandboxes(db);
  return {
    ...base,
    records: new SandboxRecordStore(db, live, sandboxId),
    fetch: async (input, init, context) => {
      const host = new URL(String(input)).host;
      // Read at each call: the builder may have allowed the host since the draft was compiled.
      if (!sandboxes.allowedHosts(sandboxId).includes(host)) throw new NodeFailure(DRAFT_CALL_NOT_ALLOWED, draftCallMessage(host));
      return base.fetch(input, init, context);
    },
  };
}
