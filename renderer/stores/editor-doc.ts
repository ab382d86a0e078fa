import type { Edge, Node } from '@xyflow/react';
import { typeVersionOf, type ApiDefinition, type ApiRecord, type FlowEdge, type FlowNode } from '../../shared/model/api.js';
import type { NodeDefinition } from '../../shared/nodes/types.js';

/** What a canvas node carries: the flow node minus its id and position, which React Flow keeps. */
export type StepData = { type: string; typeVersion: number; key: string; config: Record<string, unknown> };
export type StepNode = Node<StepData, 'step'>;
export type StepEdge = Edge<Record<string, unknown>, 'step'>;

/** The endpoint's own settings: everything of the definition but the flow. */
export type Endpoint = Omit<ApiDefinition, 'flow'>;

/** One undoable state of the open API. Node and edge objects are shared between states, never mutated. */
export type EditorDoc = { endpoint: Endpoint; nodes: StepNode[]; edges: StepEdge[] };

export const REQUEST_TYPE = 'request';

export function endpointOf(record: ApiRecord | ApiDefinition): Endpoint {
  const { name, description, method, path, query, params, bodySchema, auth, rateLimit } = record;
  return { name, description, method, path, query, params, bodySchema, auth, rateLimit };
}

export function toStepNode(node: FlowNode): StepNode {
  return {
    id: node.id,
    type: 'step',
    position: { x: node.position.x, y: node.position.y },
    data: { type: node.type, typeVersion: typeVersionOf(node), key: node.key, config: node.config },
    deletable: node.type !== REQUEST_TYPE,
  };
}

export function toStepEdge(edge: FlowEdge): StepEdge {
  return { id: edge.id, type: 'step', source: edge.source, sourceHandle: edge.sourceHandle, target: edge.target, targetHandle: edge.targetHandle ?? null };
}

export function docFromDefinition(definition: ApiDefinition): EditorDoc {
  return { endpoint: endpointOf(definition), nodes: definition.flow.nodes.map(toStepNode), edges: definition.flow.edges.map(toStepEdge) };
}

export function definitionFromDoc(doc: EditorDoc): ApiDefinition {
  return {
    ...doc.endpoint,
    flow: {
      nodes: doc.nodes.map((node) => ({
        id: node.id,
        type: node.data.type,
        typeVersion: node.data.typeVersion,
        key: node.data.key,
        position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
        config: node.data.config,
      })),
      edges: doc.edges.map((edge) => ({
        id: edge.id,
        source: edge.source,
        sourceHandle: edge.sourceHandle ?? 'out',
        target: edge.target,
        ...(edge.targetHandle ? { targetHandle: edge.targetHandle } : {}),
      })),
    },
  };
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ID_LENGTH = 10;

export function newId(prefix: 'n' | 'e'): string {
  const bytes = crypto.getRandomValues(new Uint8Array(ID_LENGTH));
  let id = `${prefix}_`;
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
}

/** "Get record" → "getRecord": a readable identifier for `steps.<key>`. */
export function baseKeyFor(definition: Pick<NodeDefinition, 'label'>): string {
  const words = definition.label.replace(/[^A-Za-z0-9 ]/g, ' ').split(/\s+/).filter(Boolean);
  const key = words.map((word, index) => (index === 0 ? word.toLowerCase() : word[0]!.toUpperCase() + word.slice(1).toLowerCase())).join('');
  return /^[A-Za-z_]/.test(key) ? key : `step${key}`;
}

/** `base`, or `base2`, `base3`… whichever is not taken. */
export function uniqueKey(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  const stem = base.replace(/\d+$/, '') || 'step';
  for (let n = 2; ; n++) if (!taken.has(`${stem}${n}`)) return `${stem}${n}`;
}
