import { useStore } from '@xyflow/react';
import { useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { useEditor } from '../../stores/editor.js';
import { useRunTrace } from '../../stores/run-trace.js';
import { Icon } from '../../theme/icons.js';
import { formatMs } from '../answer-notes.js';
import { JsonView, prettyJson } from '../json/JsonView.js';
import { stepView } from './input-context.js';

/**
 * For a selected node that the shown trace went through: the scope it ran against (request, token, env and the
 * steps before it) and its output or error. Rendered by the canvas's node view while a trace is shown, into the
 * canvas's corner away from the node (a portal), so it stays whole and readable at any zoom.
 */
export function TraceStepPopover({ nodeId }: { nodeId: string }) {
  const trace = useRunTrace((state) => state.trace);
  const origin = useRunTrace((state) => state.origin);
  const clear = useRunTrace((state) => state.clear);
  const canvas = useStore((state) => state.domNode);
  // The popover takes the half of the canvas the node is not in, so it never hides the node it describes.
  const nodeInUpperHalf = useStore((state) => {
    const node = state.nodeLookup.get(nodeId);
    if (!node) return false;
    const [, y, zoom] = state.transform;
    return (node.internals.positionAbsolute.y + (node.measured.height ?? 0) / 2) * zoom + y < state.height / 2;
  });
  const view = useMemo(() => stepView(trace, nodeId, origin), [trace, nodeId, origin]);
  const [part, setPart] = useState<'output' | 'input'>('output');
  if (!view || !canvas) return null;
  const { step } = view;
  const shown = part === 'input' ? view.input : step.error ? { error: step.error } : step.output;

  const close = (): void => useEditor.getState().onNodesChange([{ type: 'select', id: nodeId, selected: false }]);

  return createPortal(
    <aside className={`trace-popover nodrag nopan nowheel ${nodeInUpperHalf ? 'at-bottom' : ''}`} aria-label={`Trace of ${step.key}`} data-testid="trace-popover" data-node-id={nodeId}>
      <div className="trace-popover-head">
        <span className={`trace-popover-title ${step.error ? 'is-failed' : ''}`}>
          <Icon name={step.error ? 'x-octagon' : 'check'} size={13} /> Step {view.position} · <span className="mono">{step.key}</span>
        </span>
        <span className="faint">
          {step.port ? `→ ${step.port} · ` : ''}
          {formatMs(step.durationMs)}
        </span>
        <span className="grow" />
        <button type="button" className="btn btn-ghost btn-sm" onClick={clear} title="Remove the lit path from the canvas">
          Clear trace
        </button>
        <button type="button" className="btn btn-ghost btn-sm btn-icon" onClick={close} aria-label="Close" title="Close">
          <Icon name="x" size={12} />
        </button>
      </div>
      {step.error ? (
        <p className="trace-popover-error" data-testid="trace-popover-error">
          {step.error.code}: {step.error.message}
        </p>
      ) : null}
      <div className="row trace-popover-tabs">
        <div className="segmented" role="radiogroup" aria-label="Show">
          {(['output', 'input'] as const).map((option) => (
            <label key={option} className={`segment ${part === option ? 'selected' : ''}`} data-testid={`trace-popover-${option}`}>
              <input type="radio" className="visually-hidden" checked={part === option} onChange={() => setPart(option)} />
              {option === 'output' ? (step.error ? 'Error' : 'Output') : 'Input context'}
            </label>
          ))}
        </div>
        {origin ? <span className="faint ellipsis">{origin.label}</span> : null}
      </div>
      <JsonView text={prettyJson(shown)} label={part === 'input' ? `Input of ${step.key}` : `Output of ${step.key}`} testId="trace-popover-json" />
    </aside>,
    canvas,
  );
}
