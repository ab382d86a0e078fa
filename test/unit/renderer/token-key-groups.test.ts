import { describe, expect, it } from 'vitest';
import { emptyTokenForm, formFromToken, membershipChanges } from '../../../renderer/panels/tokens/token-form.js';
import type { TokenInfo } from '../../../shared/model/token.js';

const groups = [
  { id: 'partners', tokenIds: ['t1', 't2'] },
  { id: 'internal', tokenIds: ['t2'] },
  { id: 'mobile', tokenIds: [] },
];

describe('key groups from the token dialog', () => {
  it('starts with no groups for a new token and with its groups when editing', () => {
    expect(emptyTokenForm('dev').groupIds).toEqual([]);
    expect(formFromToken({ groupIds: ['partners'], vars: {}, ipAllowlist: [], scopes: [], expiresAt: null, rateLimit: null } as unknown as TokenInfo).groupIds).toEqual(['partners']);
  });

  it('changes only the groups the token joins or leaves, with their whole new member lists', () => {
    expect(membershipChanges(groups, 't1', ['partners', 'mobile'])).toEqual([{ groupId: 'mobile', tokenIds: ['t1'] }]);
    expect(membershipChanges(groups, 't2', ['internal'])).toEqual([{ groupId: 'partners', tokenIds: ['t1'] }]);
    expect(membershipChanges(groups, 't9', [])).toEqual([]);
  });
});
