import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { useEditor } from '../stores/editor.js';

/** Selects a node and brings it into view (problems list, publish errors). */
export function useFocusNode(): (nodeId: string) => void {
  const { fitView } = useReactFlow();
  return useCallback(
    (nodeId: string) => {
      if (!useEditor.getState().nodes.some((node) => node.id === nodeId)) return;
      useEditor.getState().selectNode(nodeId);
      void fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.2, padding: 0.6 });
    },
    [fitView],
  );
}
