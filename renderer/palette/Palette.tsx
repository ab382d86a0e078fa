import { useReactFlow } from '@xyflow/react';
import { memo, useCallback, useMemo, useState } from 'react';
import { NODE_DEFINITIONS } from '../../shared/nodes/registry.js';
import { NODE_CATEGORIES, type NodeDefinition } from '../../shared/nodes/types.js';
import { placementFor } from '../canvas/placement.js';
import { useEditor } from '../stores/editor.js';
import { Icon } from '../theme/icons.js';
import { NODE_DRAG_TYPE } from './drag.js';

/** Request starts every flow and exists once, so it is not offered. */
const ADDABLE = NODE_DEFINITIONS.filter((definition) => definition.hasInput);

const PaletteItem = memo(function PaletteItem({ definition, onAdd }: { definition: NodeDefinition; onAdd: (type: string) => void }) {
  return (
    <li>
      <button
        type="button"
        className={`palette-item cat-${definition.category.toLowerCase()}`}
        draggable
        title={`${definition.description}\nDrag onto the canvas, or click to add.`}
        data-testid={`palette-${definition.type}`}
        onDragStart={(event) => {
          event.dataTransfer.setData(NODE_DRAG_TYPE, definition.type);
          event.dataTransfer.effectAllowed = 'copy';
        }}
        onClick={() => onAdd(definition.type)}
      >
        <span className="palette-icon">
          <Icon name={definition.icon} size={14} />
        </span>
        <span className="palette-label">{definition.label}</span>
      </button>
    </li>
  );
});

/** The node catalog by category: drag a node onto the canvas, or click to drop it in the middle of the view. */
export function Palette() {
  const [query, setQuery] = useState('');
  const hasApi = useEditor((state) => state.apiId !== null);
  const { screenToFlowPosition } = useReactFlow();
  const groups = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const matching = needle ? ADDABLE.filter((definition) => `${definition.label} ${definition.description} ${definition.type}`.toLowerCase().includes(needle)) : ADDABLE;
    return NODE_CATEGORIES.map((category) => ({ category, definitions: matching.filter((definition) => definition.category === category) })).filter((group) => group.definitions.length > 0);
  }, [query]);

  const onAdd = useCallback(
    (type: string) => {
      const canvas = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
      if (!canvas) return;
      const topLeft = screenToFlowPosition({ x: canvas.left, y: canvas.top });
      const bottomRight = screenToFlowPosition({ x: canvas.right, y: canvas.bottom });
      const view = { x: topLeft.x, y: topLeft.y, width: bottomRight.x - topLeft.x, height: bottomRight.y - topLeft.y };
      const editor = useEditor.getState();
      editor.addNode(type, placementFor(editor.nodes, view));
    },
    [screenToFlowPosition],
  );

  return (
    <section className="palette" aria-label="Nodes">
      <div className="sidebar-head">
        <h2 className="section-title">Nodes</h2>
      </div>
      <div className="sidebar-search">
        <Icon name="search" size={14} className="search-icon" />
        <input className="input" placeholder="Search nodes" value={query} onChange={(event) => setQuery(event.target.value)} aria-label="Search nodes" />
      </div>
      <div className={`palette-groups scroll ${hasApi ? '' : 'is-disabled'}`}>
        {groups.map((group) => (
          <div key={group.category} className="palette-group">
            <h3 className="palette-category">{group.category}</h3>
            <ul>
              {group.definitions.map((definition) => (
                <PaletteItem key={definition.type} definition={definition} onAdd={onAdd} />
              ))}
            </ul>
          </div>
        ))}
        {groups.length === 0 ? <p className="faint palette-empty">No node matches “{query}”.</p> : null}
      </div>
    </section>
  );
}
