import type { AuthConfig } from '../../../shared/model/api.js';
import type { TokenInfo } from '../../../shared/model/token.js';

/** Who may call an endpoint under some auth settings, in one environment. */
export type Audience =
  | { kind: 'anyone' }
  | { kind: 'environment'; environment: string; scopes: string[] }
  | { kind: 'groups'; environment: string; groupIds: string[]; scopes: string[] };

export function audienceOf(auth: AuthConfig, environment: string): Audience {
  if (!auth.required) return { kind: 'anyone' };
  if (auth.keyGroupIds.length === 0) return { kind: 'environment', environment, scopes: auth.scopes };
  return { kind: 'groups', environment, groupIds: auth.keyGroupIds, scopes: auth.scopes };
}

/** The live tokens an audience admits (IP allowlists aside: they depend on where the call comes from). */
export function tokensAdmitted(audience: Audience, tokens: readonly TokenInfo[]): TokenInfo[] {
  if (audience.kind === 'anyone') return [];
  return tokens.filter(
    (token) =>
      token.environment === audience.environment &&
      (token.status === 'active' || token.status === 'grace') &&
      audience.scopes.every((scope) => token.scopes.includes(scope)) &&
      (audience.kind === 'environment' || token.groupIds.some((id) => audience.groupIds.includes(id))),
  );
}

/** "Anyone", "Any token of dev", "Tokens of dev in partners or mobile", with the scopes they need. */
export function describeAudience(audience: Audience, groupName: (id: string) => string): string {
  if (audience.kind === 'anyone') return 'Anyone, no token';
  const scopes = audience.scopes.length > 0 ? ` with ${audience.scopes.join(' ')}` : '';
  if (audience.kind === 'environment') return `Any token of ${audience.environment}${scopes}`;
  return `Tokens of ${audience.environment} in ${audience.groupIds.map(groupName).join(' or ')}${scopes}`;
}

export const sameAuth = (a: AuthConfig, b: AuthConfig): boolean =>
  a.required === b.required && [...a.keyGroupIds].sort().join() === [...b.keyGroupIds].sort().join() && [...a.scopes].sort().join() === [...b.scopes].sort().join();
