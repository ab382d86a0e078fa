import { admin } from '../api/client.js';
import { errorMessage } from '../api/errors.js';
import type { ApiDefinitionInput, ApiRecord } from '../../shared/model/api.js';
import { useApis } from './apis.js';
import { flushSave } from './autosave.js';
import { definitionFromDoc } from './editor-doc.js';
import { useEditor } from './editor.js';
import { useUi } from './ui.js';

const HASH_PREFIX = '#api=';

/** The API named in the address bar, so a reload reopens it. */
export function apiIdFromLocation(): string | null {
  return window.location.hash.startsWith(HASH_PREFIX) ? decodeURIComponent(window.location.hash.slice(HASH_PREFIX.length)) : null;
}

function rememberInLocation(id: string | null): void {
  const hash = id ? `${HASH_PREFIX}${encodeURIComponent(id)}` : '';
  if (window.location.hash !== hash) window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`);
}

/** Opens an API in the editor, saving the one that was open first. */
export async function openApi(id: string): Promise<void> {
  if (useEditor.getState().apiId === id) return;
  await flushSave();
  try {
    const record = await admin.apis.get({ params: { id } });
    useApis.getState().upsert(record);
    useEditor.getState().open(record);
    rememberInLocation(id);
  } catch (failure) {
    useUi.getState().toast(`Could not open the API: ${errorMessage(failure)}`, 'error');
  }
}

export function closeApi(): void {
  useEditor.getState().close();
  rememberInLocation(null);
}

export async function createAndOpen(input: ApiDefinitionInput): Promise<ApiRecord> {
  const created = await useApis.getState().create(input);
  await openApi(created.id);
  return created;
}

/** Renames through the editor when the API is open, so autosave does not bring the old name back. */
export async function renameApi(id: string, name: string): Promise<void> {
  if (useEditor.getState().apiId === id) {
    useEditor.getState().updateEndpoint({ name });
    return;
  }
  const record = await admin.apis.get({ params: { id } });
  const { id: _id, createdAt: _c, updatedAt: _u, latestVersion: _l, deployments: _d, revision, ...definition } = record;
  useApis.getState().upsert(await admin.apis.save({ params: { id }, body: { ...definition, name }, revision }));
}

/** A copy of the API's current draft (the open one's unsaved edits included), opened. */
export async function duplicateApi(id: string): Promise<void> {
  const editor = useEditor.getState();
  const source = editor.apiId === id ? definitionFromDoc(editor) : await admin.apis.get({ params: { id } });
  const { name, description, method, path, query, params, bodySchema, auth, rateLimit, flow } = source;
  await createAndOpen({ name: `${name} copy`, description, method, path, query, params, bodySchema, auth, rateLimit, flow });
}

export async function deleteApi(id: string): Promise<void> {
  if (useEditor.getState().apiId === id) closeApi();
  await useApis.getState().remove(id);
}
