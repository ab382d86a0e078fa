import type { AuthConfig } from '../../shared/model/api.js';
import type { TokenInfo } from '../../shared/model/token.js';

/** What is known about a 403: the runtime's error code and message, and what the tester can add to it. */
export type Refusal = {
  code: string | null;
  message: string | null;
  /** The environment the request went to. */
  environment: string;
  /** The token that was sent, as the workspace lists it, when known. */
  token: Pick<TokenInfo, 'name' | 'environment' | 'scopes' | 'ipAllowlist' | 'groupIds'> | null;
  /** The API's access rules as the refusing version had them, when the tester knows them (Draft, or Live with an unchanged draft). */
  auth: Pick<AuthConfig, 'keyGroupIds' | 'scopes'> | null;
  groupNames: ReadonlyMap<string, string>;
  /** The address the runtime saw the request come from. */
  callerIp: string | null;
};

/** The access rule that refused a request, and why in words, from the runtime's error code (server/auth/auth-result.ts). */
export type RefusalRule = { rule: 'environment' | 'ip' | 'key-group' | 'scope' | 'other'; title: string; detail: string };

const list = (items: readonly string[]): string => items.join(', ');
const quoted = (name: string): string => `“${name}”`;

export function refusalRule(refusal: Refusal): RefusalRule {
  const { token, auth } = refusal;
  const who = token ? `${quoted(token.name)}` : 'The token';
  const names = (ids: readonly string[]): string[] => ids.map((id) => refusal.groupNames.get(id) ?? id);
  switch (refusal.code) {
    case 'wrong_environment':
      return {
        rule: 'environment',
        title: 'Refused by the environment rule',
        detail: token ? `${who} is a ${token.environment} token, and this request went to ${refusal.environment}.` : `The token belongs to another environment than ${refusal.environment}.`,
      };
    case 'ip_not_allowed': {
      const from = refusal.callerIp ? `the request came from ${refusal.callerIp}` : 'the request came from an address';
      const allowed = token && token.ipAllowlist.length > 0 ? ` (it allows ${list(token.ipAllowlist)})` : '';
      return { rule: 'ip', title: 'Refused by the IP allowlist', detail: `${from}, which ${token ? who : 'the token'} does not allow${allowed}.` };
    }
    case 'not_in_key_group': {
      const wanted = auth && auth.keyGroupIds.length > 0 ? `this API accepts only tokens in ${list(names(auth.keyGroupIds))}` : 'this API accepts only tokens in its key groups';
      const has = token ? `; ${who} is in ${token.groupIds.length > 0 ? list(names(token.groupIds)) : 'no key group'}` : '';
      return { rule: 'key-group', title: 'Refused by the key-group rule', detail: `${wanted}${has}.` };
    }
    case 'insufficient_scope': {
      const missing = auth && token ? auth.scopes.filter((scope) => !token.scopes.includes(scope)) : [];
      const detail = missing.length > 0 ? `${who} lacks ${list(missing)}${auth ? ` (this API requires ${list(auth.scopes)})` : ''}.` : (refusal.message ?? 'The token lacks a scope this API requires.');
      return { rule: 'scope', title: 'Refused by the scope rule', detail };
    }
    default:
      return { rule: 'other', title: 'Refused', detail: refusal.message ?? 'The runtime refused the request (403) before any node ran.' };
  }
}
