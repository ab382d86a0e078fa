import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow, useReactFlow, useStore, type FinalConnectionState, type IsValidConnection, type Node, type OnSelectionChangeParams } from '@xyflow/react';
import { useCallback, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { nodeDefinition } from '../../shared/nodes/registry.js';
import type { StepEdge, StepNode } from '../stores/editor-doc.js';
import { useEditor } from '../stores/editor.js';
import { NODE_DRAG_TYPE } from '../palette/drag.js';
import { CanvasToolbar } from './CanvasToolbar.js';
import { ConnectMenu, type ConnectMenuRequest } from './ConnectMenu.js';
import { wouldCycle } from './graph.js';
import StepEdgeView from './StepEdgeView.js';
import StepNodeView from './StepNodeView.js';
import { useCanvasShortcuts } from './useCanvasShortcuts.js';

const nodeTypes = { step: StepNodeView };
const edgeTypes = { step: StepEdgeView };
const DELETE_KEYS = ['Delete', 'Backspace'];
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
const FIT_VIEW_OPTIONS = { padding: 0.2, maxZoom: 1.2 };
const MINIMAP_STYLE = { width: 168, height: 112 };
const DEFAULT_EDGE_OPTIONS = { type: 'step' };
/** Below this zoom, text is too small to read: nodes are drawn as plain cards, which keeps big flows fluid. */
const LOW_DETAIL_ZOOM = 0.45;
/** Above this many nodes, only what is on screen is rendered. */
const VIRTUALIZE_ABOVE_NODES = 300;

const minimapClass = (node: Node): string => `cat-${nodeDefinition((node as StepNode).data.type)?.category.toLowerCase() ?? 'unknown'}`;

/** The flow of the open API: nodes, edges, drop target of the palette. */
export function Canvas() {
  const { nodes, edges, apiId } = useEditor(useShallow((state) => ({ nodes: state.nodes, edges: state.edges, apiId: state.apiId })));
  const actions = useEditor(
    useShallow((state) => ({
      onNodesChange: state.onNodesChange,
      onEdgesChange: state.onEdgesChange,
      connect: state.connect,
      addNode: state.addNode,
      checkpoint: state.checkpoint,
      setSelection: state.setSelection,
    })),
  );
  const { screenToFlowPosition } = useReactFlow();
  const wrapper = useRef<HTMLDivElement>(null);
  const lowDetail = useStore((state) => state.transform[2] < LOW_DETAIL_ZOOM);
  const [menu, setMenu] = useState<ConnectMenuRequest | null>(null);
  useCanvasShortcuts(wrapper);

  const onDragOver = useCallback((event: React.DragEvent) => {
    if (!event.dataTransfer.types.includes(NODE_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);
  const onDrop = useCallback(
    (event: React.DragEvent) => {
      const type = event.dataTransfer.getData(NODE_DRAG_TYPE);
      if (!type) return;
      event.preventDefault();
      actions.addNode(type, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [actions, screenToFlowPosition],
  );

  const isValidConnection = useCallback<IsValidConnection>(
    (connection) => connection.source !== connection.target && !wouldCycle(useEditor.getState().edges, connection.source, connection.target),
    [],
  );
  const onConnectEnd = useCallback((event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (state.isValid || !state.fromNode || state.fromHandle?.type !== 'source') return;
    const point = 'changedTouches' in event ? event.changedTouches[0]! : event;
    // The event's target can be where the drag started; what matters is what lies under the drop point.
    const under = document.elementFromPoint(point.clientX, point.clientY);
    if (state.toNode || !under?.closest('.react-flow__pane')) return;
    const bounds = wrapper.current?.getBoundingClientRect();
    setMenu({
      x: point.clientX - (bounds?.left ?? 0),
      y: point.clientY - (bounds?.top ?? 0),
      clientX: point.clientX,
      clientY: point.clientY,
      nodeId: state.fromNode.id,
      port: state.fromHandle.id ?? 'out',
    });
  }, []);
  const onPick = useCallback(
    (type: string) => {
      if (!menu) return;
      actions.addNode(type, screenToFlowPosition({ x: menu.clientX, y: menu.clientY - 20 }), { nodeId: menu.nodeId, port: menu.port });
      setMenu(null);
    },
    [actions, menu, screenToFlowPosition],
  );
  const onSelectionChange = useCallback(
    ({ nodes: selectedNodes, edges: selectedEdges }: OnSelectionChangeParams) =>
      actions.setSelection(selectedNodes.map((node) => node.id), selectedEdges.map((edge) => edge.id)),
    [actions],
  );
  const onNodeDragStart = useCallback(() => actions.checkpoint(), [actions]);
  const closeMenu = useCallback(() => setMenu(null), []);

  return (
    <div className={`canvas ${lowDetail ? 'low-detail' : ''}`} ref={wrapper} data-testid="canvas">
      <ReactFlow<StepNode, StepEdge>
        key={apiId ?? 'none'}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        onNodesChange={actions.onNodesChange}
        onEdgesChange={actions.onEdgesChange}
        onConnect={actions.connect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onSelectionChange={onSelectionChange}
        onNodeDragStart={onNodeDragStart}
        onDragOver={onDragOver}
        onDrop={onDrop}
        deleteKeyCode={DELETE_KEYS}
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        selectionKeyCode="Shift"
        onlyRenderVisibleElements={nodes.length > VIRTUALIZE_ABOVE_NODES}
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        minZoom={0.05}
        maxZoom={2}
        colorMode="system"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.4} />
        <Controls showInteractive={false} position="bottom-left" />
        <MiniMap pannable zoomable nodeClassName={minimapClass} position="bottom-right" ariaLabel="Overview of the flow" style={MINIMAP_STYLE} />
        <CanvasToolbar />
      </ReactFlow>
      {menu ? <ConnectMenu request={menu} onPick={onPick} onClose={closeMenu} /> : null}
    </div>
  );
}
