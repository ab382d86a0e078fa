import { memo, useId } from 'react';
import type { ApiRecord, AuthConfig } from '../../../shared/model/api.js';
import type { KeyGroup } from '../../../shared/model/token.js';
import { openApi } from '../../stores/open-api.js';

type Props = { api: ApiRecord; keyGroups: readonly KeyGroup[]; busy: boolean; onAuth: (api: ApiRecord, auth: AuthConfig) => void };

/** An API's row head: what it is, and its draft's access settings, edited in place. */
export const ApiAccessHead = memo(function ApiAccessHead({ api, keyGroups, busy, onAuth }: Props) {
  const pickerId = useId();
  const auth = api.auth;
  const addable = keyGroups.filter((group) => !auth.keyGroupIds.includes(group.id));
  const name = (id: string): string => keyGroups.find((group) => group.id === id)?.name ?? id;
  return (
    <div className="access-api" data-testid="access-api" data-api-id={api.id}>
      <button type="button" className="access-api-title" onClick={() => void openApi(api.id)} title={`Open ${api.name}`}>
        <span className={`method method-${api.method}`}>{api.method}</span>
        <span className="mono ellipsis">{api.path}</span>
        <span className="faint ellipsis access-api-name">{api.name}</span>
      </button>
      <div className="access-api-controls">
        <label className="checkbox">
          <input type="checkbox" checked={auth.required} disabled={busy} onChange={(event) => onAuth(api, { ...auth, required: event.target.checked })} data-testid="access-auth-toggle" />
          Token required
        </label>
        {auth.required ? (
          <>
            {auth.keyGroupIds.map((id) => (
              <span key={id} className="chip" data-testid="access-group">
                {name(id)}
                <button type="button" aria-label={`Stop requiring ${name(id)} for ${api.name}`} disabled={busy} onClick={() => onAuth(api, { ...auth, keyGroupIds: auth.keyGroupIds.filter((other) => other !== id) })}>
                  ×
                </button>
              </span>
            ))}
            {addable.length > 0 ? (
              <>
                <label htmlFor={pickerId} className="visually-hidden">
                  Require a key group for {api.name}
                </label>
                <select
                  id={pickerId}
                  className="select access-group-picker"
                  value=""
                  disabled={busy}
                  onChange={(event) => event.target.value && onAuth(api, { ...auth, keyGroupIds: [...auth.keyGroupIds, event.target.value] })}
                  data-testid="access-group-picker"
                >
                  <option value="">{auth.keyGroupIds.length === 0 ? 'Any token · limit to group…' : '+ group'}</option>
                  {addable.map((group) => (
                    <option key={group.id} value={group.id}>
                      {group.name}
                    </option>
                  ))}
                </select>
              </>
            ) : null}
            {auth.scopes.length > 0 ? <span className="faint access-scopes">scopes: {auth.scopes.join(' ')}</span> : null}
          </>
        ) : null}
      </div>
    </div>
  );
});
