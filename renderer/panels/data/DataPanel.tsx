import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import { errorMessage } from '../../api/errors.js';
import { useUi } from '../../stores/ui.js';
import { Icon } from '../../theme/icons.js';
import { PanelIcon } from '../common/icons.js';
import { ErrorNote, Loading, PanelEmpty, PanelHeader } from '../common/ui.js';
import { CollectionList } from './CollectionList.js';
import { NewCollectionDialog } from './NewCollectionDialog.js';
import { RecordBrowser } from './RecordBrowser.js';
import { describeChange, MAX_UNDO, undoChange, type RecordChange } from './undo.js';
import { useCollections } from './useCollections.js';

/** Data: the record store the flows read and write, a collection at a time, with the indexes published APIs keep. */
export function DataPanel() {
  const { collections: stored, error, refresh } = useCollections();
  /** A collection named here but not stored yet: it is, with its first record. */
  const [named, setNamed] = useState<string | null>(null);
  const [naming, setNaming] = useState(false);
  const collections = stored && named && !stored.some((collection) => collection.name === named) ? [...stored, { name: named, records: 0, indexes: [] }] : stored;
  const toast = useUi((state) => state.toast);
  const [selected, setSelected] = useState<string | null>(null);
  const [changes, setChanges] = useState<RecordChange[]>([]);
  const [version, setVersion] = useState(0);
  const [undoing, setUndoing] = useState(false);

  useEffect(() => {
    if (!collections || collections.length === 0) return;
    if (!selected || !collections.some((collection) => collection.name === selected)) setSelected(collections[0]!.name);
  }, [collections, selected]);

  const changed = useCallback(
    (change: RecordChange | null) => {
      if (change) setChanges((kept) => [...kept, change].slice(-MAX_UNDO));
      void refresh();
    },
    [refresh],
  );

  const undo = useCallback(async () => {
    const last = changes.at(-1);
    if (!last || undoing) return;
    setUndoing(true);
    try {
      await undoChange(last);
      setChanges((kept) => kept.slice(0, -1));
      setVersion((value) => value + 1);
      void refresh();
    } catch (failure) {
      toast(`Could not undo: ${errorMessage(failure)}`, 'error');
    } finally {
      setUndoing(false);
    }
  }, [changes, undoing, refresh, toast]);

  const onKeyDown = (event: KeyboardEvent): void => {
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'z' && !typing && changes.length > 0) {
      event.preventDefault();
      event.stopPropagation();
      void undo();
    }
  };

  const current = collections?.find((collection) => collection.name === selected);
  const last = changes.at(-1);
  return (
    <div className="panel data-panel" data-testid="data-panel" onKeyDown={onKeyDown}>
      <PanelHeader
        title="Data"
        help="The records your flows read and write, by collection. Fields a published query filters or sorts on are indexed for you."
        actions={
          <>
            <button type="button" className="btn btn-sm" onClick={() => setNaming(true)} title="Add records to a new collection" data-testid="new-collection">
              <Icon name="plus" size={14} /> Collection
            </button>
            <button type="button" className="btn btn-sm btn-icon" onClick={() => void refresh()} title="Read the collections again" aria-label="Refresh">
              <PanelIcon name="refresh" size={14} />
            </button>
          </>
        }
      />
      {error ? <ErrorNote onRetry={() => void refresh()}>Could not read the collections: {error}</ErrorNote> : null}
      {last ? (
        <div className="undo-bar" role="status" data-testid="undo-bar">
          <span className="grow ellipsis">{describeChange(last)}</span>
          <button type="button" className="btn btn-sm" onClick={() => void undo()} disabled={undoing} title="Undo (Ctrl+Z)" data-testid="record-undo">
            <Icon name="undo" size={14} /> Undo
          </button>
        </div>
      ) : null}
      {collections === null ? (
        error ? null : <Loading label="Reading the record store…" />
      ) : collections.length === 0 ? (
        <PanelEmpty
          icon="grid"
          title="No records yet"
          action={
            <button type="button" className="btn btn-primary btn-sm" onClick={() => setNaming(true)}>
              New collection
            </button>
          }
        >
          Collections appear here once a flow&apos;s Insert record node writes to one. Or start one here and add or import its records.
        </PanelEmpty>
      ) : (
        <>
          <CollectionList collections={collections} selected={selected} onSelect={setSelected} />
          {current ? <RecordBrowser key={current.name} collection={current.name} records={current.records} onChange={changed} version={version} /> : null}
        </>
      )}
      {naming ? (
        <NewCollectionDialog
          taken={(collections ?? []).map((collection) => collection.name)}
          onClose={() => setNaming(false)}
          onCreate={(name) => {
            setNamed(name);
            setSelected(name);
            setNaming(false);
          }}
        />
      ) : null}
    </div>
  );
}
