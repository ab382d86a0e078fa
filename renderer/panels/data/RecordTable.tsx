import type { StoredRecord } from '../../../shared/api/collections.js';
import { Icon } from '../../theme/icons.js';
import { cellText, columnsOf, nextSort } from './cells.js';

type Props = { records: readonly StoredRecord[]; sort: string; onSort: (sort: string) => void; onOpen: (record: StoredRecord) => void };

/** One page of records: a column per field (id first), sorted by a header click; a row opens the record. */
export function RecordTable({ records, sort, onSort, onOpen }: Props) {
  const columns = columnsOf(records);
  return (
    <div className="record-table-wrap">
      <table className="record-table" data-testid="record-table">
        <thead>
          <tr>
            {columns.map((column) => {
              const state = sort === column ? 'ascending' : sort === `-${column}` ? 'descending' : 'none';
              return (
                <th key={column} aria-sort={state}>
                  <button type="button" className="record-sort" onClick={() => onSort(nextSort(sort, column))} title={`Sort by ${column}`} data-testid="sort-column" data-column={column}>
                    <span className="ellipsis">{column}</span>
                    {state === 'none' ? null : <Icon name={state === 'ascending' ? 'chevron-up' : 'chevron-down'} size={12} />}
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <tr key={record.id} onClick={() => onOpen(record)} data-testid="record-row" data-record-id={record.id} title="Open this record">
              {columns.map((column) => {
                const present = Object.hasOwn(record, column);
                const value = present ? record[column] : undefined;
                return (
                  <td key={column} className={`${typeof value === 'string' || !present ? '' : 'mono'} ${present ? '' : 'faint'}`}>
                    {present ? cellText(value) : '—'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
