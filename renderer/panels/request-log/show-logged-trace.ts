import type { RequestLogEntry } from '../../../shared/api/admin.js';
import { admin } from '../../api/client.js';
import { errorMessage, unlessMissing } from '../../api/errors.js';
import { useEditor } from '../../stores/editor.js';
import { openApi } from '../../stores/open-api.js';
import { useRunTrace } from '../../stores/run-trace.js';
import { useUi } from '../../stores/ui.js';
import { traceOrigin } from '../../tester/trace/origin.js';

/** Opens the logged request's API and lights its path, when its trace is still kept. */
export async function showLoggedTrace(row: RequestLogEntry): Promise<boolean> {
  try {
    const trace = await unlessMissing(admin.traces.get({ params: { requestId: row.requestId } }));
    if (!trace) {
      useUi.getState().toast('No trace was kept for this request: traces are kept, briefly, for requests sent from the Tester.');
      return false;
    }
    await openApi(trace.apiId);
    if (useEditor.getState().apiId !== trace.apiId) return false;
    useRunTrace.getState().show(trace.steps, await traceOrigin(`Request log · ${trace.environment} · v${trace.version}`, trace.environment, row.tokenId));
    return true;
  } catch (failure) {
    useUi.getState().toast(`Could not show the trace: ${errorMessage(failure)}`, 'error');
    return false;
  }
}
