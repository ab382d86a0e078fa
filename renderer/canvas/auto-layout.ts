import type { XYPosition } from '@xyflow/react';
import type { ELK, ElkNode } from 'elkjs/lib/elk-api.js';
import { nodeDefinition } from '../../shared/nodes/registry.js';
import type { StepEdge, StepNode } from '../stores/editor-doc.js';

type ElkConstructor = new () => ELK;

/** Sizes assumed for nodes the canvas has not measured yet. */
const DEFAULT_NODE_WIDTH = 220;
const DEFAULT_NODE_HEIGHT = 80;

/** Left-to-right layered positions for every node (elkjs), ports kept in their declared order so `true` stays above `false`. */
export async function layeredPositions(nodes: readonly StepNode[], edges: readonly StepEdge[]): Promise<Map<string, XYPosition>> {
  // Loaded on demand: elk is big and only this button needs it.
  const loaded = (await import('elkjs/lib/elk.bundled.js')) as unknown as { default: ElkConstructor | { default: ElkConstructor } };
  // The CommonJS default export arrives wrapped once more under NodeNext typings than in the bundle.
  const Elk = typeof loaded.default === 'function' ? loaded.default : loaded.default.default;
  const elk = new Elk();
  const portIds = new Set(nodes.flatMap((node) => [`${node.id}:in`, ...(nodeDefinition(node.data.type)?.ports ?? []).map((port) => `${node.id}:${port}`)]));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '90',
      'elk.spacing.nodeNode': '40',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: nodes.map((node) => {
      const ports = nodeDefinition(node.data.type)?.ports ?? [];
      return {
        id: node.id,
        width: node.measured?.width ?? DEFAULT_NODE_WIDTH,
        height: node.measured?.height ?? DEFAULT_NODE_HEIGHT,
        layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
        ports: [
          { id: `${node.id}:in`, layoutOptions: { 'elk.port.side': 'WEST' } },
          ...ports.map((port, index) => ({ id: `${node.id}:${port}`, layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(ports.length - index) } })),
        ],
      };
    }),
    edges: edges.filter((edge) => portIds.has(`${edge.source}:${edge.sourceHandle ?? 'out'}`) && portIds.has(`${edge.target}:in`)).map((edge) => ({ id: edge.id, sources: [`${edge.source}:${edge.sourceHandle ?? 'out'}`], targets: [`${edge.target}:in`] })),
  };
  const laid = await elk.layout(graph);
  return new Map((laid.children ?? []).map((child) => [child.id, { x: child.x ?? 0, y: child.y ?? 0 }]));
}
