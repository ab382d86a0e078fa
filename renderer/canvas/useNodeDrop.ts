import { useReactFlow } from '@xyflow/react';
import { useCallback, type RefObject } from 'react';
import { nodeDefinition } from '../../shared/nodes/registry.js';
import { newId } from '../stores/editor-doc.js';
import { useEditor } from '../stores/editor.js';
import { NODE_DRAG_TYPE } from '../palette/drag.js';
import { useCanvasFeedback } from './canvas-feedback.js';
import { applyCanvasEdit } from './edit-flow.js';
import { insertionRefusal, roomForInsertion, spliceEdge } from './insert-on-edge.js';

/** A dropped node is centred on the pointer (about half a node's size). */
const DROP_OFFSET = { x: 110, y: 36 };

/** The edge under a screen point, unless a node lies above it there. */
function edgeAt(x: number, y: number): string | null {
  for (const element of document.elementsFromPoint(x, y)) {
    if (element.closest('.react-flow__node')) return null;
    const edge = element.closest('.react-flow__edge');
    if (edge) return edge.getAttribute('data-id');
  }
  return null;
}

/**
 * Palette items dropped on the canvas: on empty canvas the node is added where it fell; on an edge it is
 * inserted into it (source → new node → target, leaving by its first port), the nodes after it moved right to
 * make room, as one undo step.
 */
export function useNodeDrop(wrapper: RefObject<HTMLDivElement | null>) {
  const { screenToFlowPosition } = useReactFlow();
  const setDropEdge = useCanvasFeedback((state) => state.setDropEdge);

  const onDragOver = useCallback(
    (event: React.DragEvent) => {
      if (!event.dataTransfer.types.includes(NODE_DRAG_TYPE)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      setDropEdge(edgeAt(event.clientX, event.clientY));
    },
    [setDropEdge],
  );
  const onDragLeave = useCallback(
    (event: React.DragEvent) => {
      if (!wrapper.current?.contains(event.relatedTarget as Node | null)) setDropEdge(null);
    },
    [setDropEdge, wrapper],
  );

  const onDrop = useCallback(
    (event: React.DragEvent) => {
      const type = event.dataTransfer.getData(NODE_DRAG_TYPE);
      setDropEdge(null);
      const definition = nodeDefinition(type);
      if (!definition) return;
      event.preventDefault();
      const pointer = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const dropped = { x: pointer.x - DROP_OFFSET.x, y: pointer.y - DROP_OFFSET.y };
      const { nodes, edges, addNode } = useEditor.getState();
      const edge = edges.find((candidate) => candidate.id === edgeAt(event.clientX, event.clientY));
      const refusal = edge ? insertionRefusal(definition.label, definition.ports, definition.hasInput) : null;
      const room = edge && !refusal ? roomForInsertion(nodes, edges, edge, dropped) : null;
      const nodeId = addNode(type, room?.at ?? dropped);
      if (!edge || !nodeId) return;
      if (refusal) {
        const bounds = wrapper.current?.getBoundingClientRect();
        return useCanvasFeedback.getState().showHint(refusal, { x: event.clientX - (bounds?.left ?? 0), y: event.clientY - (bounds?.top ?? 0) });
      }
      const after = useEditor.getState();
      const spliced = spliceEdge(after.edges, { edgeId: edge.id, nodeId, firstPort: definition.ports[0]!, newEdgeId: newId('e') });
      if (!spliced) return;
      const moved = room?.moved ?? new Map();
      const shifted = moved.size > 0 ? after.nodes.map((node) => (moved.has(node.id) ? { ...node, position: moved.get(node.id)! } : node)) : undefined;
      // Joins the undo step addNode recorded: one undo takes the node out, puts the edge and the moved nodes back.
      applyCanvasEdit({ edges: spliced, ...(shifted ? { nodes: shifted } : {}) }, false);
    },
    [screenToFlowPosition, setDropEdge, wrapper],
  );

  return { onDragOver, onDragLeave, onDrop };
}
