import type { StepEdge } from '../stores/editor-doc.js';

/** Whether an edge source → target would close a loop, i.e. source is reachable from target already. */
export function wouldCycle(edges: readonly StepEdge[], source: string, target: string): boolean {
  if (source === target) return true;
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  const seen = new Set<string>([target]);
  const queue = [target];
  while (queue.length > 0) {
    const id = queue.pop()!;
    for (const after of next.get(id) ?? []) {
      if (after === source) return true;
      if (!seen.has(after)) {
        seen.add(after);
        queue.push(after);
      }
    }
  }
  return false;
}

/** Ids of the nodes that run before `nodeId` on some path (its ancestors). */
export function ancestorsOf(edges: readonly StepEdge[], nodeId: string): Set<string> {
  const previous = new Map<string, string[]>();
  for (const edge of edges) previous.set(edge.target, [...(previous.get(edge.target) ?? []), edge.source]);
  const seen = new Set<string>();
  const queue = [nodeId];
  while (queue.length > 0) {
    for (const before of previous.get(queue.pop()!) ?? []) {
      if (!seen.has(before)) {
        seen.add(before);
        queue.push(before);
      }
    }
  }
  seen.delete(nodeId);
  return seen;
}
