import type { StoredRecord } from '../../../shared/api/collections.js';
import { admin } from '../../api/client.js';

/** A change made in the browser, kept so it can be taken back. */
export type RecordChange =
  | { kind: 'added'; collection: string; record: StoredRecord }
  | { kind: 'edited'; collection: string; before: StoredRecord }
  | { kind: 'deleted'; collection: string; record: StoredRecord };

/** Changes kept for Undo, newest last. */
export const MAX_UNDO = 20;

export function describeChange(change: RecordChange): string {
  const id = change.kind === 'edited' ? change.before.id : change.record.id;
  return `${change.kind === 'added' ? 'Added' : change.kind === 'edited' ? 'Saved' : 'Deleted'} "${id}" in ${change.collection}`;
}

/** Puts things back as they were: removes an added record, restores an edited or deleted one (a restored record goes last in insertion order). */
export async function undoChange(change: RecordChange): Promise<void> {
  const params = { name: change.collection };
  if (change.kind === 'added') await admin.collections.delete({ params: { ...params, id: change.record.id } });
  else if (change.kind === 'edited') await admin.collections.replace({ params: { ...params, id: change.before.id }, body: change.before });
  else await admin.collections.write({ params, body: { record: change.record } });
}
