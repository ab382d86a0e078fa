import { ApiDefinition, type ApiRecord } from '../../shared/model/api.js';
import { useApis } from '../stores/apis.js';
import { definitionFromDoc, docFromDefinition } from '../stores/editor-doc.js';
import { useEditor } from '../stores/editor.js';
import { askAboutConflict } from './conflict-store.js';
import { draftDifferences, mergeDrafts } from './flow-merge.js';

/** What the save path does next: nothing to save (the other version was taken), save the draft as it now is, or wait for a choice. */
export type DraftResolution = 'reloaded' | 'save' | 'later';

/** The draft part of a stored API (what a save sends). */
export function definitionOfRecord(record: ApiRecord): ApiDefinition {
  return definitionFromDoc(docFromDefinition(record));
}

/**
 * The open draft's save was refused: `current` is the API as another window saved it. Shows both
 * versions and applies the builder's choice to the editor: Reload opens theirs; Keep mine bases the
 * draft on their revision (the next save overwrites it); Merge both puts every change of both sides
 * into the draft (one undo step), based on their revision.
 */
export async function resolveDraftConflict(current: ApiRecord): Promise<DraftResolution> {
  const editor = useEditor.getState();
  const parsed = ApiDefinition.safeParse(definitionFromDoc(editor));
  const theirs = definitionOfRecord(current);
  if (!parsed.success) return 'later';
  const mine = parsed.data;
  const base = editor.saved?.definition;
  const merge = base ? mergeDrafts(base, mine, theirs) : { ok: false as const, conflicts: [] };
  const choice = await askAboutConflict({
    subject: `The API "${current.name}"`,
    differences: draftDifferences(theirs, mine, base),
    mergeable: merge.ok,
    clashes: merge.ok ? [] : merge.conflicts,
  });
  if (useEditor.getState().apiId !== current.id) return 'later';
  useApis.getState().upsert(current);
  const basedOnTheirs = { revision: current.revision, definition: theirs };
  switch (choice) {
    case 'reload':
      useEditor.getState().open(current);
      return 'reloaded';
    case 'keep-mine':
      useEditor.setState({ saved: basedOnTheirs });
      return 'save';
    case 'merge': {
      if (!merge.ok) return 'later';
      useEditor.getState().checkpoint();
      const doc = docFromDefinition(merge.merged);
      useEditor.setState((state) => ({ ...doc, saved: basedOnTheirs, selectedNodeIds: [], selectedEdgeIds: [], revision: state.revision + 1, contentRevision: state.contentRevision + 1 }));
      return 'save';
    }
    case 'later':
      return 'later';
  }
}
