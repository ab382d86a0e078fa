import { useEffect, useMemo, useRef, useState } from 'react';
import { NODE_DEFINITIONS } from '../../shared/nodes/registry.js';
import { Icon } from '../theme/icons.js';

export type ConnectMenuRequest = { x: number; y: number; clientX: number; clientY: number; nodeId: string; port: string };

type Props = { request: ConnectMenuRequest; onPick: (type: string) => void; onClose: () => void };

const TARGETS = NODE_DEFINITIONS.filter((definition) => definition.hasInput);

/** Opens where a dragged connection was dropped on empty canvas: pick a node type to create there, already connected. */
export function ConnectMenu({ request, onPick, onClose }: Props) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const menu = useRef<HTMLDivElement>(null);
  const shown = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return needle ? TARGETS.filter((definition) => `${definition.label} ${definition.category}`.toLowerCase().includes(needle)) : TARGETS;
  }, [query]);

  useEffect(() => {
    const onPointerDown = (event: PointerEvent): void => {
      if (menu.current && !menu.current.contains(event.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [onClose]);

  const onKeyDown = (event: React.KeyboardEvent): void => {
    if (event.key === 'Escape') onClose();
    else if (event.key === 'ArrowDown') setActive((index) => Math.min(index + 1, shown.length - 1));
    else if (event.key === 'ArrowUp') setActive((index) => Math.max(index - 1, 0));
    else if (event.key === 'Enter' && shown[active]) onPick(shown[active].type);
    else return;
    event.preventDefault();
  };

  return (
    <div ref={menu} className="connect-menu" style={{ left: request.x, top: request.y }} role="dialog" aria-label={`Add a node after ${request.port}`} onKeyDown={onKeyDown}>
      <div className="connect-menu-head">
        Connect <code>{request.port}</code> to…
      </div>
      <input
        className="input"
        autoFocus
        placeholder="Search node types"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
      />
      <ul className="connect-menu-list" role="listbox">
        {shown.map((definition, index) => (
          <li key={definition.type} role="option" aria-selected={index === active}>
            <button type="button" className={`connect-menu-item cat-${definition.category.toLowerCase()}`} onMouseEnter={() => setActive(index)} onClick={() => onPick(definition.type)}>
              <span className="palette-icon">
                <Icon name={definition.icon} size={14} />
              </span>
              {definition.label}
            </button>
          </li>
        ))}
        {shown.length === 0 ? <li className="faint connect-menu-empty">No node type matches</li> : null}
      </ul>
    </div>
  );
}
