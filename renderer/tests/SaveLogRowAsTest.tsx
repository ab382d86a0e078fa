import { useState } from 'react';
import type { RequestLogEntry } from '../../shared/api/logs.js';
import { admin } from '../api/client.js';
import { errorMessage } from '../api/errors.js';
import { useUi } from '../stores/ui.js';
import { useTests } from './tests-store.js';

/** "Save as test" on a request-log row: the server replays it as recorded (its kept trace's headers and body), expecting the logged status. */
export function SaveLogRowAsTest({ row }: { row: RequestLogEntry }) {
  const [busy, setBusy] = useState(false);
  const apiId = row.apiId;
  if (!apiId) return null;
  const save = async (): Promise<void> => {
    setBusy(true);
    try {
      const saved = await admin.tests.createFromLog({ params: { id: apiId }, body: { requestId: row.requestId } });
      if (useTests.getState().apiId === apiId) void useTests.getState().load(apiId);
      useUi.getState().toast(`Saved “${saved.name}” as a test of ${row.apiName ?? 'its API'}`, 'success');
    } catch (failure) {
      useUi.getState().toast(`Could not save it as a test: ${errorMessage(failure)}`, 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      className="btn btn-ghost btn-sm"
      disabled={busy}
      // The row's own click shows the trace; this button only saves.
      onClick={(event) => {
        event.stopPropagation();
        void save();
      }}
      title="Keep this request as a test of its API, replayed as it was recorded"
      data-testid="log-save-as-test"
    >
      Save as test
    </button>
  );
}
