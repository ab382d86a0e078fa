import { useCallback, useEffect, useRef, useState } from 'react';
import type { CollectionSummary } from '../../../shared/api/collections.js';
import { admin } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';

/** While an index is building, the list is asked again this often, so its progress moves. */
const BUILDING_POLL_MS = 1500;

export type Collections = { collections: CollectionSummary[] | null; error: string | null; refresh: () => Promise<void> };

/** GET /collections: on open, on window focus, after a write, and every BUILDING_POLL_MS while an index is being built or dropped. */
export function useCollections(): Collections {
  const [collections, setCollections] = useState<CollectionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);

  const refresh = useCallback(async () => {
    const call = ++latest.current;
    try {
      const next = await admin.collections.list();
      if (call !== latest.current) return;
      setCollections(next);
      setError(null);
    } catch (failure) {
      if (call === latest.current) setError(errorMessage(failure));
    }
  }, []);

  useEffect(() => {
    void refresh();
    const onFocus = (): void => void refresh();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [refresh]);

  const building = collections?.some((collection) => collection.indexes.some((index) => index.state !== 'ready')) ?? false;
  useEffect(() => {
    if (!building) return;
    const timer = setInterval(() => void refresh(), BUILDING_POLL_MS);
    return () => clearInterval(timer);
  }, [building, refresh]);

  return { collections, error, refresh };
}
