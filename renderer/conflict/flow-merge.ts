import type { ApiDefinition } from '../../shared/model/api.js';
import { nodeDefinition } from '../../shared/nodes/registry.js';
import { definitionOf, facetsOf, type Facet, type Facets } from './flow-facets.js';
import { sameValue, shownValue } from './same-value.js';

/** One row of the side-by-side: what differs, as each side has it; `both` when both sides changed it since the common draft. */
export type Difference = { id: string; where: string; theirs: string; mine: string; both: boolean };

/**
 * Every facet on which the two drafts differ, named as the builder sees the flow ("Node "ok" · Status").
 * A node only one side has is one row, not one per field.
 */
export function draftDifferences(theirs: ApiDefinition, mine: ApiDefinition, base?: ApiDefinition): Difference[] {
  const [theirFacets, myFacets, baseFacets] = [facetsOf(theirs), facetsOf(mine), base ? facetsOf(base) : undefined];
  const names = nodeNames(theirs, mine);
  const inBoth = new Set(theirs.flow.nodes.map((node) => node.id).filter((id) => mine.flow.nodes.some((node) => node.id === id)));
  const rows: Difference[] = [];
  for (const id of new Set([...theirFacets.keys(), ...myFacets.keys()])) {
    const theirValue = theirFacets.get(id)?.value;
    const myValue = myFacets.get(id)?.value;
    if (sameValue(theirValue, myValue)) continue;
    const facet = (theirFacets.get(id) ?? myFacets.get(id))!.facet;
    if ((facet.kind === 'node-part' || facet.kind === 'config') && !inBoth.has(facet.nodeId)) continue;
    const baseValue = baseFacets?.get(id)?.value;
    const both = baseFacets !== undefined && !sameValue(baseValue, theirValue) && !sameValue(baseValue, myValue);
    const cell = (definition: ApiDefinition, value: unknown): string => (facet.kind === 'node' ? nodeCell(definition, facet.nodeId) : shown(facet, value));
    rows.push({ id, where: describe(facet, names, theirValue ?? myValue), theirs: cell(theirs, theirValue), mine: cell(mine, myValue), both });
  }
  return rows;
}

export type MergeResult = { ok: true; merged: ApiDefinition } | { ok: false; conflicts: string[] };

/**
 * Three-way merge of two drafts made from the same one: a facet changed on one side only takes that
 * side's value. Facets both sides changed differently, and merges that would break the flow's shape
 * (a connection to a node the other side deleted, two connections from one port, two nodes with one
 * key), are conflicts, named.
 */
export function mergeDrafts(base: ApiDefinition, mine: ApiDefinition, theirs: ApiDefinition): MergeResult {
  const [baseFacets, myFacets, theirFacets] = [facetsOf(base), facetsOf(mine), facetsOf(theirs)];
  const names = nodeNames(theirs, mine);
  const merged: Facets = new Map();
  const conflicts: string[] = [];
  for (const id of new Set([...baseFacets.keys(), ...myFacets.keys(), ...theirFacets.keys()])) {
    const [b, m, t] = [baseFacets.get(id), myFacets.get(id), theirFacets.get(id)];
    const pick = sameValue(m?.value, t?.value) || sameValue(b?.value, t?.value) ? m : sameValue(b?.value, m?.value) ? t : null;
    if (pick === null) conflicts.push(describe((m ?? t)!.facet, names, (m ?? t)!.value));
    else if (pick !== undefined) merged.set(id, pick);
  }
  if (conflicts.length > 0) return { ok: false, conflicts };
  const definition = definitionOf(merged, [theirs, mine]);
  const broken = shapeProblems(definition);
  return broken.length > 0 ? { ok: false, conflicts: broken } : { ok: true, merged: definition };
}

/** What a facet-wise merge can break that neither side had broken. */
function shapeProblems(definition: ApiDefinition): string[] {
  const problems: string[] = [];
  const nodes = new Map(definition.flow.nodes.map((node) => [node.id, node]));
  const ports = new Set<string>();
  for (const edge of definition.flow.edges) {
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (!source || !target) {
      problems.push(`A connection to or from a node the other window deleted (${source?.key ?? 'deleted'} → ${target?.key ?? 'deleted'})`);
      continue;
    }
    const port = `${edge.source}\u0000${edge.sourceHandle}`;
    if (ports.has(port)) problems.push(`Two connections from ${source.key} · ${edge.sourceHandle}`);
    ports.add(port);
  }
  const keys = new Set<string>();
  for (const node of definition.flow.nodes) {
    if (keys.has(node.key)) problems.push(`Two nodes named "${node.key}"`);
    keys.add(node.key);
  }
  return problems;
}

type NodeNames = Map<string, { key: string; type: string }>;

/** Node id → its key and type, mine winning (the names the builder sees on their canvas). */
function nodeNames(...definitions: ApiDefinition[]): NodeNames {
  const names: NodeNames = new Map();
  for (const definition of definitions) for (const node of definition.flow.nodes) names.set(node.id, { key: node.key, type: node.type });
  return names;
}

const ENDPOINT_LABELS: Record<string, string> = {
  name: 'Name', description: 'Description', method: 'Method', path: 'Path', query: 'Query parameters', params: 'Path parameters', bodySchema: 'Body schema', auth: 'Auth', rateLimit: 'Rate limit',
};
const PART_LABELS = { key: 'name', position: 'position', typeVersion: 'type version' } as const;

/** Where a facet is, in the builder's words; `value` (either side's) names a connection's ends. */
function describe(facet: Facet, names: NodeNames, value: unknown): string {
  const node = (id: string): string => {
    const name = names.get(id);
    return name ? `Node "${name.key}" (${nodeDefinition(name.type)?.label ?? name.type})` : `Node ${id}`;
  };
  switch (facet.kind) {
    case 'endpoint':
      return `Endpoint · ${ENDPOINT_LABELS[facet.field] ?? facet.field}`;
    case 'node':
      return node(facet.nodeId);
    case 'node-part':
      return `${node(facet.nodeId)} · ${PART_LABELS[facet.part]}`;
    case 'config': {
      const type = names.get(facet.nodeId)?.type;
      const field = type ? nodeDefinition(type)?.fields.find((candidate) => candidate.name === facet.field) : undefined;
      return `${node(facet.nodeId)} · ${field?.label ?? facet.field}`;
    }
    case 'edge': {
      const edge = value as { source: string; sourceHandle: string; target: string };
      return `Connection ${names.get(edge.source)?.key ?? edge.source} · ${edge.sourceHandle} → ${names.get(edge.target)?.key ?? edge.target}`;
    }
  }
}

/** A node one side has and the other not: its kind and what the canvas says of it. */
function nodeCell(definition: ApiDefinition, nodeId: string): string {
  const node = definition.flow.nodes.find((candidate) => candidate.id === nodeId);
  if (!node) return '—';
  const type = nodeDefinition(node.type);
  const summary = type?.summary(node.config);
  return shownValue(`${type?.label ?? node.type} node${summary ? `: ${summary}` : ''}`);
}

function shown(facet: Facet, value: unknown): string {
  if (value === undefined) return '—';
  if (facet.kind === 'node') return `${nodeDefinition(value as string)?.label ?? String(value)} node`;
  if (facet.kind === 'node-part' && facet.part === 'position') {
    const { x, y } = value as { x: number; y: number };
    return `${x}, ${y}`;
  }
  if (facet.kind === 'edge') return 'connected';
  return shownValue(value);
}
