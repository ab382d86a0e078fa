import { useEditor } from '../stores/editor.js';
import { EndpointForm } from './EndpointForm.js';
import { NodeForm } from './NodeForm.js';

/** With one node selected, its form; with Request or nothing selected, the endpoint's. */
export function Inspector() {
  const apiOpen = useEditor((state) => state.apiId !== null);
  const selectedId = useEditor((state) => (state.selectedNodeIds.length === 1 ? state.selectedNodeIds[0]! : null));
  const selectedType = useEditor((state) => (selectedId ? state.nodes.find((node) => node.id === selectedId)?.data.type : undefined));
  const count = useEditor((state) => state.selectedNodeIds.length);

  if (!apiOpen) {
    return (
      <div className="empty-state">
        <h3>Nothing to inspect</h3>
        <p>Open an API from the list to configure its endpoint and nodes.</p>
      </div>
    );
  }
  if (count > 1) {
    return (
      <div className="empty-state">
        <h3>{count} nodes selected</h3>
        <p>
          Drag to move them together, <kbd>Ctrl</kbd>+<kbd>C</kbd> to copy, <kbd>Delete</kbd> to remove.
        </p>
      </div>
    );
  }
  if (!selectedId || selectedType === 'request' || selectedType === undefined) return <EndpointForm />;
  return <NodeForm key={selectedId} nodeId={selectedId} />;
}
