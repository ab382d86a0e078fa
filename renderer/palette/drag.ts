/** The drag-and-drop payload type of a palette item: the node type to create. */
export const NODE_DRAG_TYPE = 'application/x-flowgate-node';
