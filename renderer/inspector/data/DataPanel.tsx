import { useMemo, useState, type DragEvent } from 'react';
import { nodeDefinition } from '../../../shared/nodes/registry.js';
import { ancestorsOf } from '../../canvas/graph.js';
import { useEditor } from '../../stores/editor.js';
import { Icon } from '../../theme/icons.js';
import { dataRow, pathText, preview, type DataRow } from './data-tree.js';
import { insertIntoExpression } from './insert-target.js';
import { useSamples } from './samples.js';
import { useFlowShapes } from './use-flow-shapes.js';
import './data-panel.css';

/** Folded or not, for every node's form alike, while the editor is open. */
let panelOpen = true;

/** The data a node can read, as a tree to pick from: the request and each earlier step, with the last run's values. */
export function DataPanel({ nodeId }: { nodeId: string }) {
  const [open, setOpen] = useState(panelOpen);
  const contentRevision = useEditor((state) => state.contentRevision);
  const shapes = useFlowShapes();
  const samples = useSamples((state) => state.outputs);
  const origin = useSamples((state) => state.origin);
  const [notice, setNotice] = useState<string | null>(null);

  const roots = useMemo(() => {
    const { nodes, edges } = useEditor.getState();
    const before = ancestorsOf(edges, nodeId);
    const request = nodes.find((node) => node.data.type === 'request');
    const earlier = nodes
      .filter((node) => before.has(node.id) && node.data.type !== 'request' && node.data.key)
      .sort((a, b) => a.position.x - b.position.x || a.position.y - b.position.y);
    return [
      { label: 'Request', row: dataRow('request', ['request'], shapes.resolve(['request']), request ? samples.get(request.id) : undefined) },
      ...earlier.map((node) => ({
        label: nodeDefinition(node.data.type)?.label ?? node.data.type,
        row: dataRow(node.data.key, ['steps', node.data.key], shapes.resolve(['steps', node.data.key]), samples.get(node.id)),
      })),
    ];
    // contentRevision stands for every change of keys and edges.
  }, [nodeId, shapes, samples, contentRevision]);

  const pick = (path: readonly string[]): void => {
    setNotice(insertIntoExpression(pathText(path)) ? null : 'This node has no expression field to put it in.');
  };
  const toggle = (): void => {
    panelOpen = !open;
    setOpen(panelOpen);
  };

  return (
    <section className="data-panel" aria-label="Data from earlier steps" data-testid="data-panel">
      <button type="button" className="data-panel-head" aria-expanded={open} onClick={toggle}>
        <Icon name={open ? 'chevron-down' : 'chevrons-right'} size={14} />
        <span className="grow">Data from earlier steps</span>
        <span className="data-panel-origin">{origin ? `values from ${origin}` : 'no run yet'}</span>
      </button>
      {open ? (
        <>
          <p className="field-help">
            Click a field to insert it at the cursor, or drag it into an expression field.
            {origin ? null : ' Send a request from the tester to see values.'}
          </p>
          <ul className="data-tree" role="tree">
            {roots.map(({ label, row }) => (
              <DataNodeRow key={row.path.join('.')} row={row} depth={0} label={label} onPick={pick} />
            ))}
          </ul>
          {notice ? <p className="field-warning">{notice}</p> : null}
        </>
      ) : null}
    </section>
  );
}

type RowProps = { row: DataRow; depth: number; label?: string; onPick: (path: readonly string[]) => void };

/** Opened at first: the steps themselves, and the request's body, parameters and query. */
const openAtFirst = (row: DataRow, depth: number): boolean =>
  depth === 0 || (row.path[0] === 'request' && depth === 1 && ['body', 'params', 'query'].includes(row.name) && (row.children?.length ?? 0) > 0);

function DataNodeRow({ row, depth, label, onPick }: RowProps) {
  const [expanded, setExpanded] = useState(() => openAtFirst(row, depth));
  const path = pathText(row.path);
  const hasChildren = (row.children?.length ?? 0) > 0;
  const onDragStart = (event: DragEvent): void => {
    event.dataTransfer.setData('text/plain', path);
    event.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <li role="treeitem" aria-expanded={hasChildren ? expanded : undefined} aria-label={path}>
      <div className={`data-row ${depth === 0 ? 'data-root' : ''}`} style={{ paddingLeft: depth * 14 }}>
        <button
          type="button"
          className="data-toggle"
          aria-label={expanded ? `Fold ${path}` : `Unfold ${path}`}
          disabled={!hasChildren}
          onClick={() => setExpanded(!expanded)}
          tabIndex={hasChildren ? 0 : -1}
        >
          {hasChildren ? <Icon name={expanded ? 'chevron-down' : 'chevrons-right'} size={12} /> : null}
        </button>
        <button type="button" className="data-pick" draggable onDragStart={onDragStart} onClick={() => onPick(row.path)} title={`Insert ${path}`} data-path={path}>
          <span className="data-name mono">{depth === 0 && row.path[0] === 'steps' ? path : row.name}</span>
          {label ? <span className="data-label">{label}</span> : null}
          <span className={`data-value ${row.sample === undefined ? 'data-type' : ''}`}>{preview(row)}</span>
        </button>
      </div>
      {hasChildren && expanded ? (
        <ul role="group">
          {row.children!.map((child) => (
            <DataNodeRow key={child.name} row={child} depth={depth + 1} onPick={onPick} />
          ))}
          {row.hidden > 0 ? <li className="data-more" style={{ paddingLeft: (depth + 1) * 14 + 18 }}>and {row.hidden} more</li> : null}
        </ul>
      ) : null}
    </li>
  );
}
