import { useId, useState } from 'react';
import type { TokenInfo } from '../../../shared/model/token.js';
import { Icon } from '../../theme/icons.js';

type Props = { tokens: readonly TokenInfo[]; exclude: ReadonlySet<string>; onPick: (tokenId: string) => void; busy: boolean };

/** Adds a token to a group: live tokens not yet in it, grouped by environment. */
export function TokenPicker({ tokens, exclude, onPick, busy }: Props) {
  const [picked, setPicked] = useState('');
  const id = useId();
  const candidates = tokens.filter((token) => !exclude.has(token.id) && (token.status === 'active' || token.status === 'grace'));
  if (candidates.length === 0) {
    return <p className="field-help">{tokens.length === 0 ? 'Create a token in the Tokens tab first.' : 'Every live token is in this group.'}</p>;
  }
  const environments = [...new Set(candidates.map((token) => token.environment))].sort();
  return (
    <div className="token-picker">
      <label htmlFor={id} className="visually-hidden">
        Token to add
      </label>
      <select id={id} className="select" value={picked} onChange={(event) => setPicked(event.target.value)} data-testid="token-picker">
        <option value="">Add a token…</option>
        {environments.map((environment) => (
          <optgroup key={environment} label={environment}>
            {candidates
              .filter((token) => token.environment === environment)
              .map((token) => (
                <option key={token.id} value={token.id}>
                  {token.name} (…{token.fingerprint})
                </option>
              ))}
          </optgroup>
        ))}
      </select>
      <button
        type="button"
        className="btn btn-sm"
        disabled={!picked || busy}
        onClick={() => {
          onPick(picked);
          setPicked('');
        }}
        data-testid="token-picker-add"
      >
        <Icon name="plus" /> Add
      </button>
    </div>
  );
}
