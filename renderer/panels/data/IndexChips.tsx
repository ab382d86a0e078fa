import type { CollectionIndex } from '../../../shared/api/collections.js';

const describe = (index: CollectionIndex): string =>
  index.fields.length === 2 ? `filter on ${index.fields[0]}, sorted by ${index.fields[1]}` : `filter or sort on ${index.fields[0]}`;

/** The indexes published APIs keep on a collection: ready, or building with how far it has come. */
export function IndexChips({ indexes }: { indexes: readonly CollectionIndex[] }) {
  if (indexes.length === 0) {
    return (
      <span className="faint" title="Publishing an API whose Query records node filters or sorts on a field makes an index for it">
        No indexes
      </span>
    );
  }
  return (
    <ul className="index-chips" aria-label="Indexes">
      {indexes.map((index) => {
        const name = index.fields.join(' + ');
        const building = index.state !== 'ready';
        return (
          <li
            key={name}
            className={`index-chip ${building ? 'is-building' : 'is-ready'}`}
            title={`Index for a published query: ${describe(index)}${building ? ' · being built in the background; queries scan until it is ready' : ''}`}
            data-testid="index-chip"
            data-state={index.state}
          >
            <span className="mono">{name}</span>
            <span className={`badge ${building ? 'badge-warning' : 'badge-success'}`}>{building ? `building ${Math.floor(index.progress * 100)}%` : 'ready'}</span>
          </li>
        );
      })}
    </ul>
  );
}
