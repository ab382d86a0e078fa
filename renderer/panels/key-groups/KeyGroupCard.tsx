import { useState } from 'react';
import type { ApiRecord } from '../../../shared/model/api.js';
import type { KeyGroup, TokenInfo } from '../../../shared/model/token.js';
import { errorMessage } from '../../api/errors.js';
import { writeMembers } from '../../conflict/membership.js';
import { openApi } from '../../stores/open-api.js';
import { Icon } from '../../theme/icons.js';
import { useAccess } from '../common/access-store.js';
import { PanelIcon } from '../common/icons.js';
import { TokenStatusBadge } from '../tokens/TokenStatusBadge.js';
import { TokenPicker } from './TokenPicker.js';

type Props = {
  group: KeyGroup;
  tokens: readonly TokenInfo[];
  usedBy: readonly ApiRecord[];
  onEdit: (group: KeyGroup) => void;
  onDelete: (group: KeyGroup) => void;
};

/** One key group: its members (add, remove), the APIs that name it, rename and delete. */
export function KeyGroupCard({ group, tokens, usedBy, onEdit, onDelete }: Props) {
  const [expanded, setExpanded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const members = group.tokenIds.map((id) => tokens.find((token) => token.id === id)).filter((token): token is TokenInfo => token !== undefined);
  const detailsId = `key-group-${group.id}`;

  const setMembers = async (tokenIds: string[]): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      useAccess.getState().upsertKeyGroup(await writeMembers(group, tokenIds));
      void useAccess.getState().load();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="panel-card key-group" data-testid="key-group" data-group-name={group.name}>
      <button type="button" className="card-toggle" aria-expanded={expanded} aria-controls={detailsId} onClick={() => setExpanded(!expanded)}>
        <PanelIcon name="chevron-right" size={14} className="card-chevron" />
        <span className="card-title ellipsis">{group.name}</span>
        <span className="badge" data-testid="member-count">
          {members.length} {members.length === 1 ? 'token' : 'tokens'}
        </span>
      </button>
      {group.description ? <p className="card-description">{group.description}</p> : null}
      <div className="used-by">
        <span className="faint">{usedBy.length === 0 ? "Not used by any API yet" : "Used by"}</span>
        {usedBy.length === 0 ? (
          null
        ) : (
          usedBy.map((api) => (
            <button key={api.id} type="button" className="api-chip" onClick={() => void openApi(api.id)} title={`Open ${api.name}`}>
              <span className={`method method-${api.method}`}>{api.method}</span>
              {api.path}
            </button>
          ))
        )}
      </div>
      {expanded ? (
        <div id={detailsId} className="card-details">
          {members.length === 0 ? (
            <p className="field-help">No tokens yet. APIs that name only this group refuse every token until you add one.</p>
          ) : (
            <ul className="member-list" aria-label={`Tokens in ${group.name}`}>
              {members.map((token) => (
                <li key={token.id} className="member-row">
                  <span className="ellipsis grow">{token.name}</span>
                  <span className="badge badge-accent">{token.environment}</span>
                  <TokenStatusBadge token={token} />
                  <button type="button" className="btn btn-ghost btn-sm btn-icon" aria-label={`Remove ${token.name} from ${group.name}`} title="Remove from group" disabled={busy} onClick={() => void setMembers(group.tokenIds.filter((id) => id !== token.id))}>
                    <Icon name="x" />
                  </button>
                </li>
              ))}
            </ul>
          )}
          <TokenPicker tokens={tokens} exclude={new Set(group.tokenIds)} busy={busy} onPick={(id) => void setMembers([...group.tokenIds, id])} />
          {error ? <p className="field-error" role="alert">{error}</p> : null}
          <div className="card-actions">
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => onEdit(group)} aria-label={`Rename key group ${group.name}`}>
              <Icon name="pencil" /> Rename
            </button>
            <button type="button" className="btn btn-ghost btn-sm row-delete" onClick={() => onDelete(group)} aria-label={`Delete key group ${group.name}`}>
              <Icon name="trash" /> Delete
            </button>
          </div>
        </div>
      ) : null}
    </li>
  );
}
