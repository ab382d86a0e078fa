import type { KeyGroup } from '../../../shared/model/token.js';

type Props = { groups: readonly KeyGroup[]; picked: readonly string[]; onChange: (groupIds: string[]) => void };

/** The key groups a token is in, ticked in the token's own dialog (an API naming a group accepts only its members). */
export function KeyGroupPicker({ groups, picked, onChange }: Props) {
  if (groups.length === 0) return <span className="field-help">No key groups yet: create them in the Key groups panel, then tick them here.</span>;
  const toggle = (id: string, on: boolean): void => onChange(on ? [...picked, id] : picked.filter((known) => known !== id));
  return (
    <div className="check-list" role="group" aria-label="Key groups" data-testid="token-groups">
      {groups.map((group) => (
        <label key={group.id} className="checkbox" title={group.description || undefined}>
          <input type="checkbox" checked={picked.includes(group.id)} onChange={(event) => toggle(group.id, event.target.checked)} />
          {group.name}
        </label>
      ))}
    </div>
  );
}
