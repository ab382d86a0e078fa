import { writeMembers } from '../../conflict/membership.js';
import { useAccess } from '../common/access-store.js';
import { membershipChanges } from './token-form.js';

/** Puts a token into exactly these key groups (membership lives on the groups) and answers its group ids. */
export async function saveMembership(tokenId: string, groupIds: readonly string[]): Promise<string[]> {
  const access = useAccess.getState();
  for (const change of membershipChanges(access.keyGroups, tokenId, groupIds)) {
    const group = access.keyGroups.find((candidate) => candidate.id === change.groupId)!;
    access.upsertKeyGroup(await writeMembers(group, change.tokenIds));
  }
  return useAccess.getState().keyGroups.filter((group) => group.tokenIds.includes(tokenId)).map((group) => group.id);
}
