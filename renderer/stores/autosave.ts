import { create } from 'zustand';
import { ApiDefinition, type ApiRecord } from '../../shared/model/api.js';
import { admin } from '../api/client.js';
import { errorMessage } from '../api/errors.js';
import { revisionConflictOf } from '../conflict/conflict-store.js';
import { resolveDraftConflict } from '../conflict/draft-conflict.js';
import { useApis } from './apis.js';
import { definitionFromDoc } from './editor-doc.js';
import { useEditor } from './editor.js';

/** Wait for a pause in editing before saving the draft. */
export const AUTOSAVE_DEBOUNCE_MS = 600;
/** Browsers refuse keepalive bodies above 64 KiB; a bigger last-moment save is left to the unload prompt. */
const KEEPALIVE_MAX_BYTES = 60_000;

/** `conflict`: another window saved this API first; nothing is saved until the builder chooses (see conflict/). */
export type SaveStatus = 'saved' | 'pending' | 'saving' | 'failed' | 'invalid' | 'conflict';

type AutosaveState = { status: SaveStatus; error: string | null; savedAt: number | null };

export const useAutosave = create<AutosaveState>()(() => ({ status: 'saved', error: null, savedAt: null }));

let timer: ReturnType<typeof setTimeout> | undefined;
let inFlight: Promise<void> | null = null;
let savedRevision = 0;
/** The newest version of the open API another window saved, while its conflict waits for a choice. */
let conflictWith: ApiRecord | null = null;
let askingAboutConflict = false;

type DraftToSave = { apiId: string; revision: number; basedOn: number; definition: ApiDefinition };

/** The draft as the server takes it (with the server revision it is based on), or why it cannot be saved yet (an unfinished path, an empty name). */
function draftToSave(): DraftToSave | { problem: string } | null {
  const state = useEditor.getState();
  if (!state.apiId || !state.saved) return null;
  const parsed = ApiDefinition.safeParse(definitionFromDoc(state));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { problem: `Not saved yet: ${where}${issue?.message ?? 'the draft is not valid'}` };
  }
  return { apiId: state.apiId, revision: state.revision, basedOn: state.saved.revision, definition: parsed.data };
}

async function save(): Promise<void> {
  const draft = draftToSave();
  if (!draft) return;
  if ('problem' in draft) {
    useAutosave.setState({ status: 'invalid', error: draft.problem });
    return;
  }
  useAutosave.setState({ status: 'saving', error: null });
  try {
    const saved = await admin.apis.save({ params: { id: draft.apiId }, body: draft.definition, revision: draft.basedOn });
    useApis.getState().upsert(saved);
    const editor = useEditor.getState();
    if (editor.apiId !== draft.apiId) return;
    useEditor.setState({ saved: { revision: saved.revision, definition: draft.definition } });
    savedRevision = draft.revision;
    const changedSince = editor.revision !== draft.revision;
    useAutosave.setState({ status: changedSince ? 'pending' : 'saved', savedAt: Date.now() });
    if (changedSince) schedule();
  } catch (failure) {
    const conflict = revisionConflictOf<ApiRecord>(failure);
    if (conflict && useEditor.getState().apiId === draft.apiId) {
      conflictWith = conflict.current;
      useAutosave.setState({ status: 'conflict', error: errorMessage(failure) });
      void resolveConflict();
      return;
    }
    useAutosave.setState({ status: 'failed', error: errorMessage(failure) });
  }
}

/** Asks how to settle the open API's conflict (again, after "decide later"), then saves or not as chosen. */
export async function resolveConflict(): Promise<void> {
  const current = conflictWith;
  if (!current || askingAboutConflict || useAutosave.getState().status !== 'conflict') return;
  askingAboutConflict = true;
  const resolution = await resolveDraftConflict(current).finally(() => (askingAboutConflict = false));
  if (resolution === 'later' || conflictWith !== current) return;
  conflictWith = null;
  if (resolution === 'reloaded') {
    savedRevision = useEditor.getState().revision;
    useAutosave.setState({ status: 'saved', error: null, savedAt: Date.now() });
    return;
  }
  useAutosave.setState({ status: 'pending', error: null });
  await saveNow();
}

function schedule(): void {
  clearTimeout(timer);
  timer = setTimeout(() => void saveNow(), AUTOSAVE_DEBOUNCE_MS);
}

/** Saves at once (after any save in flight). */
export async function saveNow(): Promise<void> {
  clearTimeout(timer);
  if (inFlight) await inFlight;
  inFlight = save().finally(() => (inFlight = null));
  await inFlight;
}

/** Saves what is pending, if anything; call before switching APIs or publishing. Refuses while another window's change waits for a choice. */
export async function flushSave(): Promise<void> {
  const { status } = useAutosave.getState();
  if (status === 'conflict') {
    void resolveConflict();
    throw new Error('This API was changed in another window and your last change is not saved: choose Reload, Keep mine or Merge both first');
  }
  if (status === 'pending' || status === 'failed' || status === 'invalid') await saveNow();
  else if (inFlight) await inFlight;
}

export function startAutosave(): () => void {
  const unsubscribe = useEditor.subscribe((state, previous) => {
    if (state.apiId !== previous.apiId) {
      clearTimeout(timer);
      savedRevision = state.revision;
      conflictWith = null;
      useAutosave.setState({ status: 'saved', error: null });
      return;
    }
    if (state.revision === previous.revision || state.revision === savedRevision) return;
    // Edits go on while a conflict waits for a choice; they are part of "mine" when it comes.
    if (useAutosave.getState().status === 'conflict') return;
    useAutosave.setState({ status: 'pending', error: null });
    schedule();
  });
  const onPageHide = (): void => {
    if (useAutosave.getState().status !== 'pending') return;
    const draft = draftToSave();
    if (draft && !('problem' in draft) && JSON.stringify(draft.definition).length < KEEPALIVE_MAX_BYTES) {
      void admin.apis.save({ params: { id: draft.apiId }, body: draft.definition, revision: draft.basedOn }, { keepalive: true }).catch(() => undefined);
    }
  };
  const onBeforeUnload = (event: BeforeUnloadEvent): void => {
    const { status } = useAutosave.getState();
    if (status === 'saving' || status === 'failed' || status === 'conflict' || (status === 'pending' && JSON.stringify(definitionFromDoc(useEditor.getState())).length >= KEEPALIVE_MAX_BYTES)) {
      event.preventDefault();
    }
  };
  window.addEventListener('pagehide', onPageHide);
  window.addEventListener('beforeunload', onBeforeUnload);
  return () => {
    unsubscribe();
    window.removeEventListener('pagehide', onPageHide);
    window.removeEventListener('beforeunload', onBeforeUnload);
  };
}
