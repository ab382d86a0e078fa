import type { CollectionSummary } from '../../../shared/api/collections.js';
import { IndexChips } from './IndexChips.js';

type Props = { collections: readonly CollectionSummary[]; selected: string | null; onSelect: (name: string) => void };

/** Every collection with its record count; the chosen one shows its indexes. */
export function CollectionList({ collections, selected, onSelect }: Props) {
  const current = collections.find((collection) => collection.name === selected);
  return (
    <section className="collection-section" aria-label="Collections">
      <div className="collection-tabs" role="tablist" aria-label="Collections">
        {collections.map((collection) => (
          <button
            key={collection.name}
            type="button"
            role="tab"
            aria-selected={collection.name === selected}
            className="collection-tab"
            onClick={() => onSelect(collection.name)}
            data-testid="collection-tab"
            data-collection={collection.name}
          >
            <span className="collection-name">{collection.name}</span>
            <span className="collection-count">{collection.records.toLocaleString('en')}</span>
          </button>
        ))}
      </div>
      {current ? (
        <div className="collection-indexes">
          <IndexChips indexes={current.indexes} />
        </div>
      ) : null}
    </section>
  );
}
