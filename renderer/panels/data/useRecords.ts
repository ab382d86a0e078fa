import { useCallback, useEffect, useRef, useState } from 'react';
import type { RecordsPage } from '../../../shared/api/collections.js';
import { admin } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { filterQuery } from './record-filter.js';

/** Records per page of the browser. */
export const BROWSE_PAGE_SIZE = 50;

export type RecordsView = {
  page: RecordsPage | null;
  /** The shown page's number, 1 for the first: it changes with the rows, not when the next page is asked for. */
  pageNumber: number;
  loading: boolean;
  error: string | null;
  sort: string;
  filter: Record<string, unknown>;
  /** Matches of the filter, when counted (a filtered count is asked for, never assumed). */
  matches: number | null;
  setSort: (sort: string) => void;
  setFilter: (filter: Record<string, unknown>) => void;
  next: () => void;
  previous: () => void;
  /** Loads the current page again (after a write), keeping the position. */
  reload: () => Promise<void>;
  countMatches: () => Promise<void>;
};

/**
 * A collection's records a page at a time: the cursors of the pages before are kept, so Previous goes back exactly.
 * Mount it keyed by the collection, so another collection starts from its first page.
 */
export function useRecords(collection: string, version = 0): RecordsView {
  const [sort, setSortState] = useState('');
  const [filter, setFilterState] = useState<Record<string, unknown>>({});
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<RecordsPage | null>(null);
  const [shownNumber, setShownNumber] = useState(1);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [matches, setMatches] = useState<number | null>(null);
  const latest = useRef(0);
  const cursor = cursors.at(-1);
  const askedNumber = cursors.length;

  const load = useCallback(async () => {
    const call = ++latest.current;
    setLoading(true);
    try {
      const next = await admin.collections.records({ params: { name: collection }, query: { limit: BROWSE_PAGE_SIZE, sort, filter: filterQuery(filter), cursor } });
      if (call !== latest.current) return;
      setPage(next);
      setShownNumber(askedNumber);
      setError(null);
    } catch (failure) {
      if (call === latest.current) setError(errorMessage(failure));
    } finally {
      if (call === latest.current) setLoading(false);
    }
  }, [collection, sort, filter, cursor, askedNumber]);

  useEffect(() => {
    void load();
  }, [load, version]);

  const countMatches = useCallback(async () => {
    try {
      const counted = await admin.collections.records({ params: { name: collection }, query: { limit: 1, sort, filter: filterQuery(filter), count: 'true' } });
      setMatches(counted.total ?? null);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [collection, sort, filter]);

  return {
    page,
    pageNumber: shownNumber,
    loading,
    error,
    sort,
    filter,
    matches,
    setSort: (next) => {
      setSortState(next);
      setCursors([undefined]);
    },
    setFilter: (next) => {
      setFilterState(next);
      setCursors([undefined]);
      setMatches(null);
    },
    next: () => {
      // Once per shown page: a second click before the next page arrived would ask for the same page again.
      if (page?.nextCursor && cursors.length === shownNumber) setCursors((stack) => [...stack, page.nextCursor!]);
    },
    previous: () => setCursors((stack) => (stack.length > 1 ? stack.slice(0, -1) : stack)),
    reload: load,
    countMatches,
  };
}
