import type { ApiDefinition, FlowEdge, FlowNode } from '../../shared/model/api.js';

/**
 * A definition taken apart into the smallest things two windows can change independently: each
 * endpoint setting, each node's presence, key, position and config field, each connection. Two
 * drafts are compared, and three merged, facet by facet.
 */
export type Facet =
  | { kind: 'endpoint'; field: EndpointField }
  | { kind: 'node'; nodeId: string }
  | { kind: 'node-part'; nodeId: string; part: 'key' | 'typeVersion' | 'position' }
  | { kind: 'config'; nodeId: string; field: string }
  | { kind: 'edge'; edgeId: string };

export const ENDPOINT_FIELDS = ['name', 'description', 'method', 'path', 'query', 'params', 'bodySchema', 'auth', 'rateLimit'] as const;
export type EndpointField = (typeof ENDPOINT_FIELDS)[number];

/** Facet → value; a facet a definition lacks (a node it does not have) is absent. */
export type Facets = Map<string, { facet: Facet; value: unknown }>;

export const facetId = (facet: Facet): string => JSON.stringify(Object.values(facet));

export function facetsOf(definition: ApiDefinition): Facets {
  const facets: Facets = new Map();
  const put = (facet: Facet, value: unknown): void => void facets.set(facetId(facet), { facet, value });
  for (const field of ENDPOINT_FIELDS) put({ kind: 'endpoint', field }, definition[field]);
  for (const node of definition.flow.nodes) {
    put({ kind: 'node', nodeId: node.id }, node.type);
    put({ kind: 'node-part', nodeId: node.id, part: 'key' }, node.key);
    put({ kind: 'node-part', nodeId: node.id, part: 'typeVersion' }, node.typeVersion);
    put({ kind: 'node-part', nodeId: node.id, part: 'position' }, node.position);
    for (const [field, value] of Object.entries(node.config)) put({ kind: 'config', nodeId: node.id, field }, value);
  }
  for (const edge of definition.flow.edges) {
    const { id: _id, ...connection } = edge;
    put({ kind: 'edge', edgeId: edge.id }, connection);
  }
  return facets;
}

/**
 * A definition from facets. Nodes and connections keep the order of `order` (the other window's
 * draft), with the ones only the other side has after them, in their own order.
 */
export function definitionOf(facets: Facets, order: readonly ApiDefinition[]): ApiDefinition {
  const value = (facet: Facet): unknown => facets.get(facetId(facet))?.value;
  const nodeIds = unique(order.flatMap((definition) => definition.flow.nodes.map((node) => node.id))).filter((id) => facets.has(facetId({ kind: 'node', nodeId: id })));
  const edgeIds = unique(order.flatMap((definition) => definition.flow.edges.map((edge) => edge.id))).filter((id) => facets.has(facetId({ kind: 'edge', edgeId: id })));
  const nodes = nodeIds.map((nodeId): FlowNode => {
    const config: Record<string, unknown> = {};
    for (const { facet, value: fieldValue } of facets.values()) {
      if (facet.kind === 'config' && facet.nodeId === nodeId) config[facet.field] = fieldValue;
    }
    return {
      id: nodeId,
      type: value({ kind: 'node', nodeId }) as string,
      typeVersion: value({ kind: 'node-part', nodeId, part: 'typeVersion' }) as number,
      key: (value({ kind: 'node-part', nodeId, part: 'key' }) as string | undefined) ?? '',
      position: (value({ kind: 'node-part', nodeId, part: 'position' }) as FlowNode['position'] | undefined) ?? { x: 0, y: 0 },
      config,
    };
  });
  const edges = edgeIds.map((edgeId): FlowEdge => ({ id: edgeId, ...(value({ kind: 'edge', edgeId }) as Omit<FlowEdge, 'id'>) }));
  const endpoint = Object.fromEntries(ENDPOINT_FIELDS.map((field) => [field, value({ kind: 'endpoint', field })]));
  return { ...(endpoint as Omit<ApiDefinition, 'flow'>), flow: { nodes, edges } };
}

const unique = (ids: string[]): string[] => [...new Set(ids)];
