import { useMemo } from 'react';
import type { ApiRecord, AuthConfig } from '../../../shared/model/api.js';
import { admin } from '../../api/client.js';
import { useApis } from '../../stores/apis.js';
import { flushSave } from '../../stores/autosave.js';
import { useEditor } from '../../stores/editor.js';

/** The workspace's APIs, with the open one's unsaved endpoint edits (name, path, auth) from the editor. */
export function useApiDrafts(): ApiRecord[] {
  const apis = useApis((state) => state.apis);
  const openId = useEditor((state) => state.apiId);
  const endpoint = useEditor((state) => state.endpoint);
  return useMemo(() => apis.map((api) => (api.id === openId ? { ...api, ...endpoint } : api)), [apis, openId, endpoint]);
}

/**
 * Changes an API's draft auth. The open API goes through the editor (undoable, autosaved), so its next
 * autosave cannot bring the old auth back; any other API is saved directly.
 */
export async function setApiAuth(apiId: string, auth: AuthConfig): Promise<void> {
  const editor = useEditor.getState();
  if (editor.apiId === apiId) {
    editor.updateEndpoint({ auth }, 'auth');
    return;
  }
  const { id: _id, createdAt: _c, updatedAt: _u, latestVersion: _l, deployments: _d, revision, ...definition } = await admin.apis.get({ params: { id: apiId } });
  useApis.getState().upsert(await admin.apis.save({ params: { id: apiId }, body: { ...definition, auth }, revision }));
}

/** Publishes an API's saved draft (the open one's pending edits saved first) and refreshes its record. */
export async function publishDraft(apiId: string, environment: string): Promise<number> {
  if (useEditor.getState().apiId === apiId) await flushSave();
  const published = await admin.apis.publish({ params: { id: apiId }, body: { environment } });
  await useApis.getState().refreshOne(apiId);
  return published.version;
}
