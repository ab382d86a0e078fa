import type { ApiCoverage, UntakenBranch } from '../../shared/api/tests.js';
import type { ApiDefinition } from '../../shared/model/api.js';
import type { TraceStep } from '../../shared/model/runtime.js';

const PERCENT = 100;

type Tally = { apiId: string; apiName: string; version: 'draft' | number; definition: ApiDefinition; nodes: Map<string, number>; edges: Map<string, number> };

/**
 * Counts, per API and version, how often each node ran and each edge was followed over a run's
 * traces: a step that left by a port followed every edge from that port.
 */
export class CoverageCounter {
  private readonly tallies = new Map<string, Tally>();

  add(apiId: string, version: 'draft' | number, definition: ApiDefinition, trace: readonly TraceStep[]): void {
    const key = `${apiId}@${version}`;
    let tally = this.tallies.get(key);
    if (!tally) {
      tally = { apiId, apiName: definition.name, version, definition, nodes: new Map(), edges: new Map() };
      this.tallies.set(key, tally);
    }
    const bySource = edgesByPort(definition);
    for (const step of trace) {
      tally.nodes.set(step.nodeId, (tally.nodes.get(step.nodeId) ?? 0) + 1);
      if (step.port === null) continue;
      for (const edgeId of bySource.get(portKey(step.nodeId, step.port)) ?? []) tally.edges.set(edgeId, (tally.edges.get(edgeId) ?? 0) + 1);
    }
  }

  /** One entry per API and version that ran, drafts first. */
  report(): ApiCoverage[] {
    return [...this.tallies.values()].map(coverageOf).sort((a, b) => (a.version === 'draft' ? -1 : 0) - (b.version === 'draft' ? -1 : 0));
  }
}

const portKey = (nodeId: string, port: string): string => `${nodeId}\u0000${port}`;

function edgesByPort(definition: ApiDefinition): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const edge of definition.flow.edges) {
    const key = portKey(edge.source, edge.sourceHandle);
    map.set(key, [...(map.get(key) ?? []), edge.id]);
  }
  return map;
}

function coverageOf(tally: Tally): ApiCoverage {
  const { flow } = tally.definition;
  const nodesById = new Map(flow.nodes.map((node) => [node.id, node]));
  const nodes = flow.nodes.flatMap((node) => {
    const count = tally.nodes.get(node.id) ?? 0;
    return count > 0 ? [{ nodeId: node.id, key: node.key, count }] : [];
  });
  const edges = flow.edges.flatMap((edge) => {
    const count = tally.edges.get(edge.id) ?? 0;
    return count > 0 ? [{ edgeId: edge.id, count }] : [];
  });
  const untaken: UntakenBranch[] = flow.edges
    .filter((edge) => !tally.edges.has(edge.id) && nodesById.has(edge.source))
    .map((edge) => {
      const node = nodesById.get(edge.source)!;
      return { nodeId: node.id, key: node.key, type: node.type, port: edge.sourceHandle, edgeId: edge.id, nodeReached: tally.nodes.has(node.id) };
    });
  const percent =
    flow.edges.length > 0
      ? Math.floor((edges.length / flow.edges.length) * PERCENT)
      : Math.floor((nodes.length / Math.max(1, flow.nodes.length)) * PERCENT);
  return {
    apiId: tally.apiId,
    apiName: tally.apiName,
    version: tally.version,
    nodes,
    edges,
    untaken,
    nodesReached: nodes.length,
    nodesTotal: flow.nodes.length,
    edgesTaken: edges.length,
    edgesTotal: flow.edges.length,
    percent,
  };
}
