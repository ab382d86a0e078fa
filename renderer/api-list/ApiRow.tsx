import { memo, useState } from 'react';
import type { ApiRecord } from '../../shared/model/api.js';
import { ApiCoverageBadge } from '../tests/ApiCoverageBadge.js';
import { Icon } from '../theme/icons.js';
import { EnvironmentBadges } from './EnvironmentBadges.js';

type Props = {
  api: ApiRecord;
  active: boolean;
  environments: readonly string[];
  onOpen: (id: string) => void;
  onRename: (id: string, name: string) => void;
  onDuplicate: (id: string) => void;
  onDelete: (api: ApiRecord) => void;
};

export const ApiRow = memo(function ApiRow({ api, active, environments, onOpen, onRename, onDuplicate, onDelete }: Props) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(api.name);
  const finish = (commit: boolean): void => {
    setEditing(false);
    if (commit && name.trim() && name.trim() !== api.name) onRename(api.id, name.trim());
    else setName(api.name);
  };

  return (
    <li className={`api-row ${active ? 'active' : ''}`} data-testid="api-row" data-api-id={api.id}>
      {editing ? (
        <input
          className="input api-rename"
          autoFocus
          value={name}
          aria-label="API name"
          onChange={(event) => setName(event.target.value)}
          onBlur={() => finish(true)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') finish(true);
            if (event.key === 'Escape') finish(false);
          }}
        />
      ) : (
        <button type="button" className="api-row-main" onClick={() => onOpen(api.id)} onDoubleClick={() => setEditing(true)} aria-current={active ? 'true' : undefined}>
          <span className="api-row-title">
            <span className={`method method-${api.method}`}>{api.method}</span>
            <span className="api-row-name ellipsis" title={api.name}>
              {api.name}
            </span>
            <ApiCoverageBadge apiId={api.id} />
          </span>
          <span className="api-row-path mono ellipsis" title={`${api.method} ${api.path}`}>
            {api.path}
          </span>
          <EnvironmentBadges environments={environments} deployments={api.deployments} />
        </button>
      )}
      {!editing ? (
        <span className="api-row-actions">
          <button
            type="button"
            className="btn btn-ghost btn-sm btn-icon"
            title="Rename"
            aria-label={`Rename ${api.name}`}
            onClick={() => {
              setName(api.name);
              setEditing(true);
            }}
          >
            <Icon name="pencil" />
          </button>
          <button type="button" className="btn btn-ghost btn-sm btn-icon" title="Duplicate" aria-label={`Duplicate ${api.name}`} onClick={() => onDuplicate(api.id)}>
            <Icon name="copy" />
          </button>
          <button type="button" className="btn btn-ghost btn-sm btn-icon" title="Delete" aria-label={`Delete ${api.name}`} onClick={() => onDelete(api)}>
            <Icon name="trash" />
          </button>
        </span>
      ) : null}
    </li>
  );
});
