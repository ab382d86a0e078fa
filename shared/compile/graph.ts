import { typeVersionOf, type Flow, type FlowEdge, type FlowNode } from '../model/api.js';
import { nodeDefinition } from '../nodes/registry.js';
import type { NodeDefinition } from '../nodes/types.js';
import { keyProblem } from './keys.js';
import type { CompileProblem } from './plan.js';
import { error, nodeName } from './problems.js';

/** An edge between two existing nodes, followed when looking for loops and unreachable nodes even if it is faulty. */
export type Link = { edge: FlowEdge; target: string };

export type FlowGraph = {
  /** Nodes by id; of two nodes with one id, the first. */
  nodes: Map<string, FlowNode>;
  /** Definitions by node id, for nodes of a known type. */
  definitions: Map<string, NodeDefinition>;
  /** The edges the plan follows: node id → port → edge. */
  next: Map<string, Map<string, FlowEdge>>;
  /** Outgoing links by node id, in the order of the source's ports. */
  links: Map<string, Link[]>;
  /** The Request node, when there is exactly one. */
  request: FlowNode | undefined;
};

/** Reads the nodes and edges into a graph, reporting what is wrong with each one on its own. */
export function buildGraph(flow: Flow): { graph: FlowGraph; problems: CompileProblem[] } {
  const problems: CompileProblem[] = [];
  const graph: FlowGraph = { nodes: new Map(), definitions: new Map(), next: new Map(), links: new Map(), request: undefined };
  const requests = addNodes(flow.nodes, graph, problems);
  const [first, ...extra] = requests;
  if (!first) {
    problems.push(error('no_request', 'The flow has no Request node: add one, so that calls to the endpoint have somewhere to start'));
  } else {
    if (extra.length === 0) graph.request = first;
    for (const node of extra) {
      problems.push(error('two_requests', `${nodeName(node)}: the flow already starts at ${nodeName(first)}; a flow has exactly one Request node, so delete one`, { nodeId: node.id }));
    }
  }
  addEdges(flow.edges, graph, problems);
  for (const [id, node] of graph.nodes) {
    for (const port of graph.definitions.get(id)?.ports ?? []) {
      if (graph.next.get(id)?.has(port)) continue;
      problems.push(error('unconnected_port', `${nodeName(node)}: port "${port}" is not connected; connect it to the node that should run next, or to a Respond, Redirect or Fail node`, { nodeId: id, port }));
    }
  }
  return { graph, problems };
}

function addNodes(nodes: readonly FlowNode[], graph: FlowGraph, problems: CompileProblem[]): FlowNode[] {
  const requests: FlowNode[] = [];
  const keyOwners = new Map<string, FlowNode>();
  for (const node of nodes) {
    if (graph.nodes.has(node.id)) {
      problems.push(error('duplicate_node_id', `${nodeName(node)}: another node already has the id "${node.id}"; node ids must be unique`, { nodeId: node.id }));
      continue;
    }
    graph.nodes.set(node.id, node);
    const definition = nodeDefinition(node.type);
    if (definition) {
      graph.definitions.set(node.id, definition);
      if (definition.type === 'request') requests.push(node);
      const version = typeVersionOf(node);
      if (version > definition.version) {
        problems.push(error('unknown_type_version', `${nodeName(node)} is version ${version} of "${node.type}", but this Flowgate knows versions up to ${definition.version}; update Flowgate to run it, or replace the node from the palette`, { nodeId: node.id }));
      }
    } else {
      problems.push(error('unknown_node_type', `${nodeName(node)}: there is no node type "${node.type}"; replace this node with one from the palette`, { nodeId: node.id }));
    }
    const problem = keyProblem(node.key, definition?.type === 'request');
    if (problem) {
      problems.push(error('invalid_key', `${nodeName(node)}: ${problem}`, { nodeId: node.id, field: 'key' }));
      continue;
    }
    const owner = keyOwners.get(node.key);
    if (owner) {
      problems.push(error('duplicate_key', `${nodeName(node)}: node "${owner.id}" (${owner.type}) has the key "${node.key}" too; keys must be unique, since later nodes read steps.${node.key}`, { nodeId: node.id, field: 'key' }));
    } else {
      keyOwners.set(node.key, node);
    }
  }
  return requests;
}

function addEdges(edges: readonly FlowEdge[], graph: FlowGraph, problems: CompileProblem[]): void {
  const edgeIds = new Set<string>();
  for (const edge of edges) {
    const at = { edgeId: edge.id };
    if (edgeIds.has(edge.id)) {
      problems.push(error('duplicate_edge_id', `Edge "${edge.id}": another edge already has this id; edge ids must be unique`, at));
      continue;
    }
    edgeIds.add(edge.id);
    const source = graph.nodes.get(edge.source);
    const target = graph.nodes.get(edge.target);
    for (const [end, id] of [['starts at', edge.source], ['leads to', edge.target]] as const) {
      if (!graph.nodes.has(id)) problems.push(error('missing_node', `Edge "${edge.id}" ${end} node "${id}", which is not in the flow; delete the edge`, at));
    }
    if (!source || !target) continue;
    const port = edge.sourceHandle;
    const targetDefinition = graph.definitions.get(target.id);
    if (targetDefinition && !targetDefinition.hasInput) {
      problems.push(error('no_input', `Edge "${edge.id}" leads into ${nodeName(target)}, which starts the flow and takes no input; delete the edge`, { ...at, nodeId: target.id }));
      continue;
    }
    pushLink(graph, source.id, { edge, target: target.id });
    const definition = graph.definitions.get(source.id);
    if (!definition) continue;
    if (definition.terminal) {
      problems.push(error('from_terminal', `Edge "${edge.id}" starts at ${nodeName(source)}, which ends the flow and has no ports; delete the edge`, { ...at, nodeId: source.id, port }));
      continue;
    }
    if (!definition.ports.includes(port)) {
      problems.push(error('unknown_port', `Edge "${edge.id}" starts at port "${port}" of ${nodeName(source)}, which has no such port (its ports: ${definition.ports.join(', ')}); reconnect it`, { ...at, nodeId: source.id, port }));
      continue;
    }
    const ports = graph.next.get(source.id) ?? new Map<string, FlowEdge>();
    graph.next.set(source.id, ports);
    const taken = ports.get(port);
    if (taken) {
      problems.push(error('port_used_twice', `${nodeName(source)}: port "${port}" has two edges, "${taken.id}" and "${edge.id}"; a port leads to one node, so delete one`, { ...at, nodeId: source.id, port }));
      continue;
    }
    ports.set(port, edge);
  }
  for (const [id, links] of graph.links) {
    const ports = graph.definitions.get(id)?.ports ?? [];
    const rank = (link: Link): number => {
      const index = ports.indexOf(link.edge.sourceHandle);
      return index === -1 ? ports.length : index;
    };
    links.sort((a, b) => rank(a) - rank(b));
  }
}

function pushLink(graph: FlowGraph, source: string, link: Link): void {
  const links = graph.links.get(source);
  if (links) links.push(link);
  else graph.links.set(source, [link]);
}
