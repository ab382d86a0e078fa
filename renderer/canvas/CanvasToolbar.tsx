import { Panel, useReactFlow, useStore } from '@xyflow/react';
import { useState } from 'react';
import { errorMessage } from '../api/errors.js';
import { useEditor } from '../stores/editor.js';
import { useProblems } from '../stores/problems.js';
import { useUi } from '../stores/ui.js';
import { Icon } from '../theme/icons.js';
import { layeredPositions } from './auto-layout.js';

const ZOOM_ANIMATION_MS = 200;

type Props = {
  /** Fits the flow in view (see useAutoFit). */
  onFit: (animate?: boolean) => void;
  /** The user zoomed by hand: the view is theirs now, not refitted on resize. */
  onZoomed: () => void;
};

/** Floating tools over the canvas: undo/redo, auto-layout, fit and zoom, and the problem count that opens the list. */
export function CanvasToolbar({ onFit, onZoomed }: Props) {
  const canUndo = useEditor((state) => state.history.past.length > 0);
  const canRedo = useEditor((state) => state.history.future.length > 0);
  const errorCount = useProblems((state) => state.errorCount);
  const warningCount = useProblems((state) => state.warningCount);
  const toggleBottom = useUi((state) => state.toggleBottom);
  const toast = useUi((state) => state.toast);
  const { zoomIn, zoomOut, zoomTo } = useReactFlow();
  const zoomPercent = useStore((state) => Math.round(state.transform[2] * 100));
  const [laying, setLaying] = useState(false);

  const autoLayout = async (): Promise<void> => {
    setLaying(true);
    try {
      const { nodes, edges, moveNodes } = useEditor.getState();
      moveNodes(await layeredPositions(nodes, edges));
      requestAnimationFrame(() => onFit(true));
    } catch (failure) {
      toast(`Auto-layout failed: ${errorMessage(failure)}`, 'error');
    } finally {
      setLaying(false);
    }
  };

  const zoom = (change: () => Promise<boolean>): void => {
    onZoomed();
    void change();
  };

  const total = errorCount + warningCount;
  return (
    <Panel position="top-left" className="canvas-toolbar">
      <div className="toolbar-group">
        <button type="button" className="btn btn-ghost btn-icon" title="Undo (Ctrl+Z)" aria-label="Undo" disabled={!canUndo} onClick={() => useEditor.getState().undo()}>
          <Icon name="undo" />
        </button>
        <button type="button" className="btn btn-ghost btn-icon" title="Redo (Ctrl+Shift+Z)" aria-label="Redo" disabled={!canRedo} onClick={() => useEditor.getState().redo()}>
          <Icon name="redo" />
        </button>
      </div>
      <div className="toolbar-group">
        <button type="button" className="btn btn-ghost btn-sm" title="Arrange the nodes left to right" disabled={laying} onClick={() => void autoLayout()}>
          <Icon name="layout" /> Auto-layout
        </button>
        <button type="button" className="btn btn-ghost btn-icon" title="Fit the flow in view" aria-label="Fit view" onClick={() => onFit(true)} data-testid="fit-view">
          <Icon name="maximize" />
        </button>
      </div>
      <div className="toolbar-group" role="group" aria-label="Zoom">
        <button type="button" className="btn btn-ghost btn-icon" title="Zoom out" aria-label="Zoom out" onClick={() => zoom(() => zoomOut({ duration: ZOOM_ANIMATION_MS }))}>
          <Icon name="minus" />
        </button>
        <button type="button" className="btn btn-ghost btn-sm zoom-level" title="Zoom to 100%" onClick={() => zoom(() => zoomTo(1, { duration: ZOOM_ANIMATION_MS }))} data-testid="zoom-level">
          {zoomPercent}%
        </button>
        <button type="button" className="btn btn-ghost btn-icon" title="Zoom in" aria-label="Zoom in" onClick={() => zoom(() => zoomIn({ duration: ZOOM_ANIMATION_MS }))}>
          <Icon name="plus" />
        </button>
      </div>
      <button
        type="button"
        className={`problems-pill ${errorCount > 0 ? 'has-error' : warningCount > 0 ? 'has-warning' : 'is-clean'}`}
        onClick={() => toggleBottom('problems')}
        data-testid="problems-pill"
        title="Show the problems list"
      >
        <Icon name={total === 0 ? 'check' : errorCount > 0 ? 'alert-circle' : 'alert-triangle'} size={14} />
        {total === 0 ? 'No problems' : `${errorCount} error${errorCount === 1 ? '' : 's'}${warningCount ? `, ${warningCount} warning${warningCount === 1 ? '' : 's'}` : ''}`}
      </button>
    </Panel>
  );
}
