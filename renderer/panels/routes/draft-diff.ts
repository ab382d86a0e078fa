import type { ApiDefinition, FlowNode } from '../../../shared/model/api.js';

/** JSON with object keys sorted, so two equal values written in another key order compare equal. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const same = (a: unknown, b: unknown): boolean => stableJson(a) === stableJson(b);
const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;
/** What a node does, without where it sits on the canvas. */
const behaviour = (node: FlowNode): string => stableJson({ type: node.type, key: node.key, config: node.config });

/**
 * How the draft differs from a published version, in a few words a builder understands:
 * ["path changed", "3 nodes changed", "auth changed"]. Empty when they are the same.
 */
export function describeDraftChanges(draft: ApiDefinition, served: ApiDefinition): string[] {
  const changes: string[] = [];
  if (draft.method !== served.method) changes.push(`method changed (${served.method} → ${draft.method})`);
  if (draft.path !== served.path) changes.push('path changed');
  if (!same(draft.auth, served.auth)) changes.push('auth changed');
  if (!same(draft.rateLimit, served.rateLimit)) changes.push('rate limit changed');
  if (!same(draft.query, served.query)) changes.push('query params changed');
  if (!same(draft.params, served.params)) changes.push('path params changed');
  if (!same(draft.bodySchema, served.bodySchema)) changes.push('body schema changed');

  const before = new Map(served.flow.nodes.map((node) => [node.id, node]));
  const after = new Map(draft.flow.nodes.map((node) => [node.id, node]));
  const added = draft.flow.nodes.filter((node) => !before.has(node.id)).length;
  const removed = served.flow.nodes.filter((node) => !after.has(node.id)).length;
  const changed = draft.flow.nodes.filter((node) => before.has(node.id) && behaviour(node) !== behaviour(before.get(node.id)!)).length;
  if (added > 0) changes.push(`${plural(added, 'node', 'nodes')} added`);
  if (removed > 0) changes.push(`${plural(removed, 'node', 'nodes')} removed`);
  if (changed > 0) changes.push(`${plural(changed, 'node', 'nodes')} changed`);

  const link = (edge: ApiDefinition['flow']['edges'][number]): string => `${edge.source}\u0000${edge.sourceHandle}\u0000${edge.target}`;
  const oldLinks = new Set(served.flow.edges.map(link));
  const newLinks = new Set(draft.flow.edges.map(link));
  const rewired = [...newLinks].filter((item) => !oldLinks.has(item)).length + [...oldLinks].filter((item) => !newLinks.has(item)).length;
  if (rewired > 0) changes.push(`${plural(rewired, 'connection', 'connections')} changed`);

  if (draft.name !== served.name) changes.push('renamed');
  if (draft.description !== served.description) changes.push('description changed');
  if (changes.length === 0 && !same(draft.flow, served.flow)) {
    const moved = draft.flow.nodes.some((node) => !same(node.position, before.get(node.id)?.position));
    changes.push(moved ? 'nodes moved' : 'canvas changed');
  }
  return changes;
}
