import type { TokenInfo } from '../../../shared/model/token.js';
import { fullTime, relativeTime } from '../common/relative-time.js';

const TONE: Record<TokenInfo['status'], string> = { active: 'badge-success', grace: 'badge-warning', revoked: 'badge-danger', expired: '' };

export function TokenStatusBadge({ token }: { token: TokenInfo }) {
  const title =
    token.status === 'grace' && token.graceUntil
      ? `Rolled: keeps working until ${fullTime(token.graceUntil)}`
      : token.status === 'revoked' && token.revokedAt
        ? `Revoked ${fullTime(token.revokedAt)}`
        : token.status === 'expired' && token.expiresAt
          ? `Expired ${fullTime(token.expiresAt)}`
          : token.expiresAt
            ? `Expires ${fullTime(token.expiresAt)}`
            : 'Never expires';
  const label = token.status === 'grace' && token.graceUntil ? `grace · ends ${relativeTime(token.graceUntil)}` : token.status;
  return (
    <span className={`badge ${TONE[token.status]}`} title={title} data-testid="token-status" data-status={token.status}>
      {label}
    </span>
  );
}
