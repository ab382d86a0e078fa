import { reconnectEdge, useReactFlow, type Connection, type FinalConnectionState, type IsValidConnection } from '@xyflow/react';
import { useCallback, useRef, useState, type RefObject } from 'react';
import type { StepEdge } from '../stores/editor-doc.js';
import { useEditor } from '../stores/editor.js';
import { useCanvasFeedback } from './canvas-feedback.js';
import type { ConnectMenuRequest } from './ConnectMenu.js';
import { connectionRefusal, edgeFromPort, portTakenMessage } from './connection-rules.js';
import { applyCanvasEdit } from './edit-flow.js';

/** The menu of new steps opens a little above the drop point, so the node lands under the pointer. */
const MENU_NODE_OFFSET_PX = 20;

/**
 * Drawing and moving connections. An output leads to one step, so a second connection from a used output
 * is refused with a hint at the drop point, never made by dropping the first; moving a connection is
 * explicit (drag its end elsewhere) and one undo step.
 */
export function useConnections(wrapper: RefObject<HTMLDivElement | null>) {
  const { screenToFlowPosition } = useReactFlow();
  const [menu, setMenu] = useState<ConnectMenuRequest | null>(null);
  /** The edge whose end is being dragged: it does not count as occupying its own port. */
  const moving = useRef<string | null>(null);

  const hintAt = useCallback(
    (message: string, clientX: number, clientY: number) => {
      const bounds = wrapper.current?.getBoundingClientRect();
      useCanvasFeedback.getState().showHint(message, { x: clientX - (bounds?.left ?? 0), y: clientY - (bounds?.top ?? 0) });
    },
    [wrapper],
  );

  const isValidConnection = useCallback<IsValidConnection>((connection) => {
    const { nodes, edges } = useEditor.getState();
    return connectionRefusal(nodes, edges, connection, moving.current ?? undefined) === null;
  }, []);

  const onConnect = useCallback((connection: Connection) => {
    const { nodes, edges, connect } = useEditor.getState();
    if (connectionRefusal(nodes, edges, connection) !== null) return;
    if (edgeFromPort(edges, connection.source, connection.sourceHandle)?.target === connection.target) return;
    connect(connection);
  }, []);

  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || moving.current || !state.fromNode || !state.fromHandle) return;
      const point = 'changedTouches' in event ? event.changedTouches[0]! : event;
      const { nodes, edges } = useEditor.getState();
      if (state.toNode && state.toHandle) {
        if (state.toHandle.type === state.fromHandle.type) return;
        const fromOutput = state.fromHandle.type === 'source';
        const wire = fromOutput
          ? { source: state.fromNode.id, sourceHandle: state.fromHandle.id ?? null, target: state.toNode.id }
          : { source: state.toNode.id, sourceHandle: state.toHandle.id ?? null, target: state.fromNode.id };
        const refusal = connectionRefusal(nodes, edges, wire);
        if (refusal) hintAt(refusal, point.clientX, point.clientY);
        return;
      }
      if (state.fromHandle.type !== 'source') return;
      // The event's target can be where the drag started; what matters is what lies under the drop point.
      const under = document.elementFromPoint(point.clientX, point.clientY);
      if (!under?.closest('.react-flow__pane')) return;
      const port = state.fromHandle.id ?? 'out';
      const taken = edgeFromPort(edges, state.fromNode.id, port);
      if (taken) return hintAt(portTakenMessage(nodes, taken), point.clientX, point.clientY);
      const bounds = wrapper.current?.getBoundingClientRect();
      setMenu({ x: point.clientX - (bounds?.left ?? 0), y: point.clientY - (bounds?.top ?? 0), clientX: point.clientX, clientY: point.clientY, nodeId: state.fromNode.id, port });
    },
    [hintAt, wrapper],
  );

  const onReconnectStart = useCallback((_event: React.MouseEvent, edge: StepEdge) => void (moving.current = edge.id), []);
  const onReconnectEnd = useCallback(() => void (moving.current = null), []);
  const onReconnect = useCallback((old: StepEdge, connection: Connection) => {
    const { nodes, edges } = useEditor.getState();
    if (connectionRefusal(nodes, edges, connection, old.id) !== null) return;
    applyCanvasEdit({ edges: reconnectEdge(old, { ...connection, targetHandle: null }, edges, { shouldReplaceId: false }) }, true);
  }, []);

  const onPick = useCallback(
    (type: string) => {
      if (!menu) return;
      useEditor.getState().addNode(type, screenToFlowPosition({ x: menu.clientX, y: menu.clientY - MENU_NODE_OFFSET_PX }), { nodeId: menu.nodeId, port: menu.port });
      setMenu(null);
    },
    [menu, screenToFlowPosition],
  );
  const closeMenu = useCallback(() => setMenu(null), []);

  return { menu, onPick, closeMenu, isValidConnection, onConnect, onConnectEnd, onReconnect, onReconnectStart, onReconnectEnd };
}
