import { useEffect, useMemo, useState } from 'react';
import { mergeShapes, shapeOfSample, type Shape } from '../../../shared/nodes/shape.js';
import { admin } from '../../api/client.js';
import { useEditor } from '../../stores/editor.js';

/** Records read to learn a collection's fields: enough to see the usual ones, cheap to ask for on every open. */
const SAMPLE_RECORDS = 20;
/** How long what was learned is reused before the store is asked again. */
const COLLECTION_FIELDS_TTL_MS = 30_000;

const learned = new Map<string, { at: number; shape: Promise<Shape | null> }>();

/** The fields of a collection's first records, as one shape; null when it is empty or cannot be read. */
function collectionShape(name: string): Promise<Shape | null> {
  const known = learned.get(name);
  if (known && Date.now() - known.at < COLLECTION_FIELDS_TTL_MS) return known.shape;
  const shape = admin.collections.records({ params: { name }, query: { limit: SAMPLE_RECORDS } }).then(
    (page) => page.items.map((record) => shapeOfSample(record)).reduce<Shape | null>((merged, item) => (merged ? mergeShapes(merged, item) : item), null),
    () => null,
  );
  learned.set(name, { at: Date.now(), shape });
  return shape;
}

/** The collections the open flow's record nodes name, with the fields seen in the store. */
export function useCollectionShapes(): ReadonlyMap<string, Shape> {
  const contentRevision = useEditor((state) => state.contentRevision);
  const names = useMemo(() => {
    const named = useEditor.getState().nodes.flatMap((node) => (node.data.type.startsWith('record.') && typeof node.data.config.collection === 'string' ? [node.data.config.collection] : []));
    return [...new Set(named)].sort().join('\n');
    // contentRevision stands for every change of the nodes' configs.
  }, [contentRevision]);
  const [shapes, setShapes] = useState<ReadonlyMap<string, Shape>>(new Map());
  useEffect(() => {
    let current = true;
    const wanted = names === '' ? [] : names.split('\n');
    void Promise.all(wanted.map(async (name) => [name, await collectionShape(name)] as const)).then((found) => {
      if (current) setShapes(new Map(found.filter((entry): entry is readonly [string, Shape] => entry[1] !== null)));
    });
    return () => {
      current = false;
    };
  }, [names]);
  return shapes;
}
