import type { KeyGroup } from '../../shared/model/token.js';
import { admin } from '../api/client.js';
import { revisionConflictOf } from './conflict-store.js';

/** Attempts before giving up when other windows keep changing the group's members meanwhile. */
const MAX_ATTEMPTS = 3;

/**
 * Gives a key group the members `tokenIds`, read from `group` as this window has it. When another
 * window changed the group first, the same additions and removals are applied to its members as they
 * are now and written on its revision: both windows' changes stay, so there is nothing to ask.
 */
export async function writeMembers(group: KeyGroup, tokenIds: readonly string[]): Promise<KeyGroup> {
  const added = tokenIds.filter((id) => !group.tokenIds.includes(id));
  const removed = new Set(group.tokenIds.filter((id) => !tokenIds.includes(id)));
  let base = group;
  for (let attempt = 1; ; attempt++) {
    const members = [...new Set([...base.tokenIds.filter((id) => !removed.has(id)), ...added])];
    try {
      return await admin.keyGroups.update({ params: { id: group.id }, body: { tokenIds: members }, revision: base.revision });
    } catch (failure) {
      const conflict = revisionConflictOf<KeyGroup>(failure);
      if (!conflict || attempt >= MAX_ATTEMPTS) throw failure;
      base = conflict.current;
    }
  }
}
