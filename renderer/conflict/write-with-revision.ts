import { askAboutConflict, revisionConflictOf } from './conflict-store.js';
import type { Difference } from './flow-merge.js';
import { sameValue, shownValue } from './same-value.js';

/** A change of some fields of an editable object (an environment, a token's settings, a key group), as a panel makes it. */
export type RevisionedChange<T extends { revision: number }> = {
  /** `The environment "dev"`: what the conflict dialog names. */
  subject: string;
  /** The object as this window read it. */
  read: T;
  /** The fields as this change sets them, for the side-by-side (secret values left out). */
  mine: Partial<T>;
  /** Field name → how the panel calls it. */
  labels?: Partial<Record<keyof T & string, string>>;
  /** Sends the change based on a revision. */
  write: (revision: number) => Promise<T>;
};

/** Attempts before giving up when other windows keep changing the object between a choice and the write. */
const MAX_ATTEMPTS = 3;

/**
 * Writes a change based on the revision the panel read. When another window changed the object
 * first, shows both versions of the fields this change sets; Keep mine writes it again on the new
 * revision (the other window's other changes stay), Reload (or closing the dialog) writes nothing.
 * Answers the stored object, or null when nothing was written: the panel then shows the current one.
 */
export async function writeWithRevision<T extends { revision: number }>(change: RevisionedChange<T>): Promise<T | null> {
  let revision = change.read.revision;
  for (let attempt = 1; ; attempt++) {
    try {
      return await change.write(revision);
    } catch (failure) {
      const conflict = revisionConflictOf<T>(failure);
      if (!conflict || attempt >= MAX_ATTEMPTS) throw failure;
      const differences = fieldDifferences(change, conflict.current);
      const theirOthers = otherChangedFields(change, conflict.current);
      const choice = await askAboutConflict({
        subject: change.subject,
        differences,
        mergeable: false,
        clashes: [],
        keepMineNote:
          theirOthers.length > 0
            ? `Keep mine saves the fields above; the other window's change of ${theirOthers.join(', ')} stays.`
            : 'Keep mine saves the fields above over the other window’s.',
      });
      if (choice !== 'keep-mine') return null;
      revision = conflict.revision;
    }
  }
}

const labelOf = <T extends { revision: number }>(change: RevisionedChange<T>, field: string): string =>
  change.labels?.[field as keyof T & string] ?? field;

/** The fields this change sets, where the other window's version holds something else. */
function fieldDifferences<T extends { revision: number }>(change: RevisionedChange<T>, current: T): Difference[] {
  return Object.entries(change.mine)
    .filter(([field, value]) => !sameValue(value, current[field as keyof T]))
    .map(([field, value]) => ({
      id: field,
      where: labelOf(change, field),
      theirs: shownValue(current[field as keyof T]),
      mine: shownValue(value),
      both: !sameValue(change.read[field as keyof T], current[field as keyof T]),
    }));
}

/** Fields this change leaves alone that the other window changed. */
function otherChangedFields<T extends { revision: number }>(change: RevisionedChange<T>, current: T): string[] {
  const ignored = new Set(['revision', 'updatedAt', 'createdAt', 'lastUsedAt', 'lastUsedIp', 'useCount', 'status']);
  return Object.keys(current)
    .filter((field) => !ignored.has(field) && !(field in change.mine) && !sameValue(change.read[field as keyof T], current[field as keyof T]))
    .map((field) => labelOf(change, field));
}
