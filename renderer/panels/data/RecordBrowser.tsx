import { useRef, useState, type FormEvent } from 'react';
import type { RecordsWritten, StoredRecord } from '../../../shared/api/collections.js';
import { admin } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useUi } from '../../stores/ui.js';
import { Icon } from '../../theme/icons.js';
import { ErrorNote, Loading } from '../common/ui.js';
import { ImportRecordsDialog } from './ImportRecordsDialog.js';
import { RecordDialog } from './RecordDialog.js';
import { RecordTable } from './RecordTable.js';
import { download, readImportFile, type ImportFile } from './records-file.js';
import { parseRecordFilter } from './record-filter.js';
import type { RecordChange } from './undo.js';
import { BROWSE_PAGE_SIZE, useRecords } from './useRecords.js';

type Props = {
  collection: string;
  /** The collection's record count, from the list. */
  records: number;
  /** A change was made: kept for Undo, and the counts refreshed. */
  onChange: (change: RecordChange | null) => void;
  /** Bumped by the panel after an undo, so the page is read again. */
  version: number;
};

/** One collection's records: filter, sort, pages, add, open (edit or delete), import and export. */
export function RecordBrowser({ collection, records, onChange, version }: Props) {
  const view = useRecords(collection, version);
  const toast = useUi((state) => state.toast);
  const [filterText, setFilterText] = useState('');
  const [filterError, setFilterError] = useState<string | null>(null);
  const [open, setOpen] = useState<StoredRecord | 'new' | null>(null);
  const [importing, setImporting] = useState<ImportFile | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const exportMenu = useRef<HTMLDetailsElement>(null);

  const applyFilter = (event?: FormEvent): void => {
    event?.preventDefault();
    const parsed = parseRecordFilter(filterText);
    if ('error' in parsed) return setFilterError(parsed.error);
    setFilterError(null);
    view.setFilter(parsed.filter);
  };

  const save = async (body: Record<string, unknown>): Promise<void> => {
    if (open === 'new') {
      const written = await admin.collections.write({ params: { name: collection }, body: { record: body } });
      onChange({ kind: 'added', collection, record: written.record! });
    } else if (open) {
      await admin.collections.replace({ params: { name: collection, id: open.id }, body });
      onChange({ kind: 'edited', collection, before: open });
    }
    await view.reload();
  };

  const remove = async (record: StoredRecord): Promise<void> => {
    await admin.collections.delete({ params: { name: collection, id: record.id } });
    onChange({ kind: 'deleted', collection, record });
    await view.reload();
  };

  const pick = async (file: File | undefined): Promise<void> => {
    if (picker.current) picker.current.value = '';
    if (!file) return;
    try {
      setImporting(await readImportFile(file));
    } catch (failure) {
      toast(errorMessage(failure), 'error');
    }
  };

  const imported = (written: RecordsWritten): void => {
    const parts = [`${written.inserted.toLocaleString('en')} added`, ...(written.replaced ? [`${written.replaced} replaced`] : []), ...(written.skipped ? [`${written.skipped} kept`] : [])];
    toast(`Imported into ${collection}: ${parts.join(', ')}`, 'success');
    onChange(null);
    void view.reload();
  };

  const exportAs = async (format: 'json' | 'csv'): Promise<void> => {
    if (exportMenu.current) exportMenu.current.open = false;
    try {
      const file = await admin.collections.export({ params: { name: collection }, query: { format } });
      const day = new Date().toISOString().slice(0, 10);
      if (typeof file === 'string') download(file, `${collection}-${day}.csv`, 'text/csv');
      else download(`${JSON.stringify(file, null, 2)}\n`, `${collection}-${day}.json`, 'application/json');
    } catch (failure) {
      toast(`Could not export ${collection}: ${errorMessage(failure)}`, 'error');
    }
  };

  const filtered = Object.keys(view.filter).length > 0;
  const items = view.page?.items ?? [];
  const first = (view.pageNumber - 1) * BROWSE_PAGE_SIZE + 1;
  return (
    <section className="record-browser" aria-label={`Records of ${collection}`}>
      <form className="record-filter" onSubmit={applyFilter}>
        <Icon name="search" size={14} className="faint" />
        <input
          className={`input mono ${filterError ? 'invalid' : ''}`}
          value={filterText}
          onChange={(event) => setFilterText(event.target.value)}
          placeholder='team = red, active = true   or   {"team": "red"}'
          aria-label="Filter: field = value, comma-separated"
          data-testid="record-filter"
        />
        <button type="submit" className="btn btn-sm" data-testid="record-filter-apply">
          Filter
        </button>
        {filtered ? (
          <button
            type="button"
            className="btn btn-sm btn-ghost"
            onClick={() => {
              setFilterText('');
              setFilterError(null);
              view.setFilter({});
            }}
          >
            Clear
          </button>
        ) : null}
      </form>
      {filterError ? <p className="field-error">{filterError}</p> : null}
      <div className="record-actions">
        <button type="button" className="btn btn-sm" onClick={() => setOpen('new')} data-testid="record-add">
          <Icon name="plus" size={14} /> Add record
        </button>
        <button type="button" className="btn btn-sm" onClick={() => picker.current?.click()} data-testid="records-import">
          Import…
        </button>
        <input ref={picker} type="file" accept=".json,.csv,application/json,text/csv" className="visually-hidden" onChange={(event) => void pick(event.target.files?.[0])} data-testid="records-import-file" />
        <details ref={exportMenu} className="export-menu">
          <summary className="btn btn-sm" data-testid="records-export">
            Export
          </summary>
          <div className="export-menu-items" role="menu">
            <button type="button" role="menuitem" className="btn btn-ghost btn-sm" onClick={() => void exportAs('json')} data-testid="records-export-json">
              JSON
            </button>
            <button type="button" role="menuitem" className="btn btn-ghost btn-sm" onClick={() => void exportAs('csv')} data-testid="records-export-csv">
              CSV
            </button>
          </div>
        </details>
        <span className="grow" />
        {view.loading ? <span className="spinner" aria-label="Loading" /> : null}
      </div>
      {view.error ? <ErrorNote onRetry={() => void view.reload()}>{view.error}</ErrorNote> : null}
      {view.page === null ? (
        view.error ? null : <Loading label="Reading records…" />
      ) : items.length === 0 ? (
        <p className="faint record-empty">{filtered ? 'No record matches the filter.' : 'This collection is empty.'}</p>
      ) : (
        <RecordTable records={items} sort={view.sort} onSort={view.setSort} onOpen={setOpen} />
      )}
      <footer className="record-pager">
        <span className="muted" data-testid="record-range">
          {items.length > 0 ? `${first.toLocaleString('en')}–${(first + items.length - 1).toLocaleString('en')}` : 'None'}
          {filtered ? (view.matches === null ? '' : ` of ${view.matches.toLocaleString('en')} matches`) : ` of ${records.toLocaleString('en')}`}
        </span>
        {filtered && view.matches === null ? (
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => void view.countMatches()} title="Counting reads every match">
            Count matches
          </button>
        ) : null}
        <span className="grow" />
        <button type="button" className="btn btn-sm" onClick={view.previous} disabled={view.pageNumber === 1} data-testid="records-previous">
          Previous
        </button>
        <button type="button" className="btn btn-sm" onClick={view.next} disabled={!view.page?.nextCursor} data-testid="records-next">
          Next
        </button>
      </footer>
      {open ? <RecordDialog collection={collection} record={open === 'new' ? null : open} onClose={() => setOpen(null)} onSave={save} onDelete={remove} /> : null}
      {importing ? <ImportRecordsDialog collection={collection} file={importing} onClose={() => setImporting(null)} onImported={imported} /> : null}
    </section>
  );
}
