import { admin } from '../api/client.js';
import { errorMessage } from '../api/errors.js';
import { draftSandboxId } from '../stores/draft-session.js';
import { useUi } from '../stores/ui.js';
import { sendRequest } from './send.js';

/** "Reset Draft data": the session's Draft runs read the live records again, as if they had written nothing. */
export async function resetDraftData(): Promise<void> {
  try {
    await admin.sandboxes.reset({ params: { id: draftSandboxId() } });
    useUi.getState().toast('Draft data reset: Draft runs see the live records again', 'success');
  } catch (failure) {
    useUi.getState().toast(`Could not reset the Draft data: ${errorMessage(failure)}`, 'error');
  }
}

/** Lets this session's Draft runs call a host, then sends the request again. */
export async function allowDraftCall(host: string): Promise<void> {
  try {
    await admin.sandboxes.allowHost({ params: { id: draftSandboxId() }, body: { host } });
  } catch (failure) {
    useUi.getState().toast(`Could not allow ${host}: ${errorMessage(failure)}`, 'error');
    return;
  }
  await sendRequest();
}
