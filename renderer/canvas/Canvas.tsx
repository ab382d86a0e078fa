import { Background, BackgroundVariant, MiniMap, ReactFlow, useStore, type Node, type OnSelectionChangeParams } from '@xyflow/react';
import { useCallback, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { nodeDefinition } from '../../shared/nodes/registry.js';
import type { StepEdge, StepNode } from '../stores/editor-doc.js';
import { useEditor } from '../stores/editor.js';
import { CanvasHintView } from './CanvasHintView.js';
import { CanvasToolbar } from './CanvasToolbar.js';
import { ConnectMenu } from './ConnectMenu.js';
import StepEdgeView from './StepEdgeView.js';
import StepNodeView from './StepNodeView.js';
import { MINIMAP_SIZE, useAutoFit } from './useAutoFit.js';
import { useCanvasShortcuts } from './useCanvasShortcuts.js';
import { useConnections } from './useConnections.js';
import { useNodeDrop } from './useNodeDrop.js';

const nodeTypes = { step: StepNodeView };
const edgeTypes = { step: StepEdgeView };
const DELETE_KEYS = ['Delete', 'Backspace'];
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
const DEFAULT_EDGE_OPTIONS = { type: 'step' };
/** Below this zoom, text is too small to read: nodes are drawn as plain cards, which keeps big flows fluid. */
const LOW_DETAIL_ZOOM = 0.45;
/** Above this many nodes, only what is on screen is rendered. */
const VIRTUALIZE_ABOVE_NODES = 300;
/** How far the user may zoom by hand; auto-fit stays within FIT_MIN_ZOOM…FIT_MAX_ZOOM (fit.ts). */
const MIN_ZOOM = 0.05;
const MAX_ZOOM = 2;

const minimapClass = (node: Node): string => `cat-${nodeDefinition((node as StepNode).data.type)?.category.toLowerCase() ?? 'unknown'}`;

/** The flow of the open API: nodes, edges, drop target of the palette. */
export function Canvas() {
  const { nodes, edges, apiId } = useEditor(useShallow((state) => ({ nodes: state.nodes, edges: state.edges, apiId: state.apiId })));
  const actions = useEditor(
    useShallow((state) => ({ onNodesChange: state.onNodesChange, onEdgesChange: state.onEdgesChange, checkpoint: state.checkpoint, setSelection: state.setSelection })),
  );
  const wrapper = useRef<HTMLDivElement>(null);
  const lowDetail = useStore((state) => state.transform[2] < LOW_DETAIL_ZOOM);
  const view = useAutoFit(wrapper, apiId);
  const drop = useNodeDrop(wrapper);
  const wiring = useConnections(wrapper);
  useCanvasShortcuts(wrapper);

  const onSelectionChange = useCallback(
    ({ nodes: selectedNodes, edges: selectedEdges }: OnSelectionChangeParams) =>
      actions.setSelection(selectedNodes.map((node) => node.id), selectedEdges.map((edge) => edge.id)),
    [actions],
  );
  const onNodeDragStart = useCallback(() => actions.checkpoint(), [actions]);

  return (
    <div className={`canvas ${lowDetail ? 'low-detail' : ''} ${view.ready ? '' : 'is-fitting'}`} ref={wrapper} data-testid="canvas">
      <ReactFlow<StepNode, StepEdge>
        key={apiId ?? 'none'}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        onNodesChange={actions.onNodesChange}
        onEdgesChange={actions.onEdgesChange}
        onConnect={wiring.onConnect}
        onConnectEnd={wiring.onConnectEnd}
        isValidConnection={wiring.isValidConnection}
        onReconnect={wiring.onReconnect}
        onReconnectStart={wiring.onReconnectStart}
        onReconnectEnd={wiring.onReconnectEnd}
        onSelectionChange={onSelectionChange}
        onNodeDragStart={onNodeDragStart}
        onDragOver={drop.onDragOver}
        onDragLeave={drop.onDragLeave}
        onDrop={drop.onDrop}
        onMoveStart={view.onMoveStart}
        onMoveEnd={view.onMoveEnd}
        deleteKeyCode={DELETE_KEYS}
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        selectionKeyCode="Shift"
        onlyRenderVisibleElements={nodes.length > VIRTUALIZE_ABOVE_NODES}
        minZoom={MIN_ZOOM}
        maxZoom={MAX_ZOOM}
        colorMode="system"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.4} />
        {view.overflowing ? (
          <MiniMap pannable zoomable nodeClassName={minimapClass} position="bottom-right" ariaLabel="Overview of the flow" style={MINIMAP_SIZE} />
        ) : null}
        <CanvasToolbar onFit={view.fit} onZoomed={view.markMoved} />
      </ReactFlow>
      {wiring.menu ? <ConnectMenu request={wiring.menu} onPick={wiring.onPick} onClose={wiring.closeMenu} /> : null}
      <CanvasHintView wrapper={wrapper} />
    </div>
  );
}
