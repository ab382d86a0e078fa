import { memo } from 'react';
import type { TokenInfo } from '../../../shared/model/token.js';
import { Icon } from '../../theme/icons.js';
import { PanelIcon } from '../common/icons.js';
import { fullTime, relativeTime } from '../common/relative-time.js';
import { TokenStatusBadge } from './TokenStatusBadge.js';

export type TokenAction = 'edit' | 'roll' | 'revoke' | 'delete';

type Props = { token: TokenInfo; groupNames: string[]; onAction: (action: TokenAction, token: TokenInfo) => void };

/** One token: name, status, fingerprint, environment, last use, scopes and groups, with its actions. */
export const TokenRow = memo(function TokenRow({ token, groupNames, onAction }: Props) {
  const live = token.status === 'active' || token.status === 'grace';
  return (
    <li className={`token-row ${live ? '' : 'is-dead'}`} data-testid="token-row" data-token-name={token.name}>
      <div className="token-row-head">
        <span className="token-row-name ellipsis" title={token.name}>
          {token.name}
        </span>
        <TokenStatusBadge token={token} />
      </div>
      <div className="token-row-meta">
        <span className="mono" title="Fingerprint: the last characters of the token's hash">
          …{token.fingerprint}
        </span>
        <span className="badge badge-accent">{token.environment}</span>
        <span title={token.lastUsedAt ? fullTime(token.lastUsedAt) : undefined}>
          {token.lastUsedAt ? `used ${relativeTime(token.lastUsedAt)}${token.lastUsedIp ? ` from ${token.lastUsedIp}` : ''}` : 'never used'}
        </span>
        {token.useCount > 0 ? <span>{token.useCount.toLocaleString()} {token.useCount === 1 ? 'call' : 'calls'}</span> : null}
        {token.ipAllowlist.length > 0 ? <span title={`Only from ${token.ipAllowlist.join(', ')}`}>IP-restricted</span> : null}
        {Object.keys(token.vars).length > 0 ? <span title={Object.keys(token.vars).join(', ')}>{Object.keys(token.vars).length === 1 ? '1 variable' : `${Object.keys(token.vars).length} variables`}</span> : null}
        {token.expiresAt && token.status === 'active' ? <span title={fullTime(token.expiresAt)}>expires {relativeTime(token.expiresAt)}</span> : null}
        {token.rateLimit ? <span title="This token's own rate limit">{`${token.rateLimit.requests.toLocaleString()} / ${token.rateLimit.perSeconds} s`}</span> : null}
      </div>
      {token.scopes.length > 0 || groupNames.length > 0 ? (
        <div className="chips token-row-chips">
          {token.scopes.map((scope) => (
            <span key={scope} className="chip chip-static" title="Scope">
              {scope}
            </span>
          ))}
          {groupNames.map((name) => (
            <span key={name} className="badge" title="Key group">
              <PanelIcon name="users" size={11} /> {name}
            </span>
          ))}
        </div>
      ) : null}
      <div className="token-row-actions" role="group" aria-label={`Actions for ${token.name}`}>
        {live ? (
          <>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => onAction('edit', token)} aria-label={`Edit ${token.name}`}>
              <Icon name="pencil" /> Edit
            </button>
            {token.status === 'active' ? (
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => onAction('roll', token)} aria-label={`Roll ${token.name}`} data-testid="token-roll">
                <PanelIcon name="rotate" /> Roll
              </button>
            ) : null}
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => onAction('revoke', token)} aria-label={`Revoke ${token.name}`} data-testid="token-revoke">
              <PanelIcon name="ban" /> Revoke
            </button>
          </>
        ) : null}
        <button type="button" className="btn btn-ghost btn-sm btn-icon row-delete" onClick={() => onAction('delete', token)} aria-label={`Delete ${token.name}`} title="Delete">
          <Icon name="trash" />
        </button>
      </div>
    </li>
  );
});
