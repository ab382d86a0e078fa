import type { FlowNode } from '../model/api.js';
import { nodeDefinition } from '../nodes/registry.js';
import { requestShape } from '../nodes/request.js';
import { anyObject, arrayOf, fieldShape, mergeShapes, objectOf, scalar, UNKNOWN, withSample, type Shape, type ShapeContext } from '../nodes/shape.js';
import { effectiveConfig } from '../nodes/types.js';
import { inferExpressionShape } from './infer-shape.js';

/** What the shapes of a flow are worked out from: the endpoint, its nodes, and what the editor knows besides. */
export type ShapeSource = {
  path: string;
  query: readonly { name: string; type: string }[];
  bodySchema: Readonly<Record<string, unknown>> | null;
  flow: { nodes: readonly Pick<FlowNode, 'id' | 'key' | 'type' | 'config'>[] };
};

export type ShapeKnowledge = {
  /** The last Draft/Live run's output of each node, by node id: it fills what the definitions cannot tell. */
  samples?: ReadonlyMap<string, unknown>;
  /** Each collection's record fields seen in the store. */
  collections?: ReadonlyMap<string, Shape>;
  /** Variable names of the environments (env.vars) and tokens (token.vars). */
  envVars?: readonly string[];
  tokenVars?: readonly string[];
};

/** The shapes of everything an expression can read in one flow, worked out lazily and remembered. */
export type FlowShapes = {
  /** What a chain of names from the root reads: `['request', 'body']`, `['steps', 'user', 'email']`. */
  resolve: (names: readonly string[]) => Shape;
  /** The output of the node with this key, or undefined when no node has it. */
  step: (key: string) => Shape | undefined;
  /** The shape each root name holds (request, token, env), or undefined for a name expressions cannot read. */
  root: (name: string) => Shape | undefined;
  /** Every node key of the flow. */
  keys: readonly string[];
};

const TEXT = scalar('string');

/** The caller's token when it has one: its metadata and the variables set on it. */
export const tokenShape = (vars: readonly string[] = []): Shape =>
  objectOf({ id: TEXT, name: TEXT, environment: TEXT, groups: arrayOf(TEXT), scopes: arrayOf(TEXT), vars: anyObject(Object.fromEntries(vars.map((name) => [name, TEXT]))) });

export const envShape = (vars: readonly string[] = []): Shape => objectOf({ name: TEXT, vars: anyObject(Object.fromEntries(vars.map((name) => [name, TEXT]))) });

/**
 * Every step's output shape, from its node definition's outputShape and config, with the last run's sample
 * filling what is unknown. Pure: the compiler passes no samples, so what it warns about never depends on a run.
 */
export function flowShapes(source: ShapeSource, knowledge: ShapeKnowledge = {}): FlowShapes {
  const byKey = new Map<string, Pick<FlowNode, 'id' | 'key' | 'type' | 'config'>>();
  for (const node of source.flow.nodes) if (node.key && !byKey.has(node.key)) byKey.set(node.key, node);
  const shapes = new Map<string, Shape>();
  const working = new Set<string>();
  const vouched = vouchedPaths(source.flow.nodes);
  const roots: Record<string, Shape> = {
    request: vouch(requestShape(source), ['request'], vouched),
    token: tokenShape(knowledge.tokenVars),
    env: envShape(knowledge.envVars),
  };

  const step = (key: string): Shape | undefined => {
    const node = byKey.get(key);
    if (!node) return undefined;
    const known = shapes.get(node.id);
    if (known) return known;
    // A step whose expression reads itself, directly or around a loop, is unknown rather than endless.
    if (working.has(node.id)) return UNKNOWN;
    working.add(node.id);
    const shape = vouch(withSample(staticShape(node), knowledge.samples?.get(node.id)), ['steps', key], vouched);
    working.delete(node.id);
    shapes.set(node.id, shape);
    return shape;
  };

  const resolve = (names: readonly string[]): Shape => {
    const [first, second, ...rest] = names;
    if (first === undefined) return UNKNOWN;
    let shape: Shape | undefined;
    if (first === 'steps') {
      if (second === undefined) return anyObject();
      shape = step(second);
    } else {
      shape = roots[first];
      if (shape && second !== undefined) shape = fieldShape(shape, second);
    }
    for (const name of rest) shape = shape === undefined ? undefined : fieldShape(shape, name);
    return shape ?? UNKNOWN;
  };

  const context: ShapeContext = {
    endpoint: source,
    expression: (expression) => inferExpressionShape(expression, resolve),
    collection: (name) => collectionShape(typeof name === 'string' ? knowledge.collections?.get(name) : undefined),
  };

  function staticShape(node: Pick<FlowNode, 'type' | 'config'>): Shape {
    const definition = nodeDefinition(node.type);
    if (!definition?.outputShape) return UNKNOWN;
    return definition.outputShape(effectiveConfig(definition, node.config), context);
  }

  return { resolve, step, root: (name) => roots[name], keys: [...byKey.keys()] };
}

const PLAIN_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$/;

/**
 * What nodes vouch for (a Validate node's schema for the value it checks), by the plain path that reads it.
 * Open all the way down: only the nodes after the valid port are sure of it, and none of them may be warned.
 */
function vouchedPaths(nodes: ShapeSource['flow']['nodes']): Map<string, Shape> {
  const found = new Map<string, Shape>();
  for (const node of nodes) {
    const definition = nodeDefinition(node.type);
    const vouched = definition?.vouchesFor?.(effectiveConfig(definition, node.config));
    if (!vouched || typeof vouched.path !== 'string' || !PLAIN_PATH.test(vouched.path.trim())) continue;
    const path = vouched.path.trim();
    const shape = opened(vouched.shape);
    const known = found.get(path);
    found.set(path, known ? mergeShapes(known, shape) : shape);
  }
  return found;
}

/** A shape with what is vouched for filled in where it was unknown, under `at` (the path the shape is read by). */
function vouch(shape: Shape, at: readonly string[], vouched: ReadonlyMap<string, Shape>): Shape {
  if (vouched.size === 0) return shape;
  let result = shape;
  const prefix = `${at.join('.')}.`;
  for (const [path, vouchedShape] of vouched) {
    if (path.startsWith(prefix)) result = fillIn(result, path.slice(prefix.length).split('.'), vouchedShape);
  }
  return result;
}

function fillIn(shape: Shape, rest: readonly string[], vouched: Shape): Shape {
  const [name, ...deeper] = rest;
  if (name === undefined) return shape.type === 'unknown' ? vouched : shape;
  if (shape.type === 'unknown') return anyObject({ [name]: fillIn(UNKNOWN, deeper, vouched) });
  if (shape.type !== 'object' || (!shape.open && !(name in shape.fields))) return shape;
  return objectOf({ ...shape.fields, [name]: fillIn(shape.fields[name] ?? UNKNOWN, deeper, vouched) }, shape.open);
}

/** The same shape with every object open. */
function opened(shape: Shape): Shape {
  if (shape.type === 'object') return anyObject(Object.fromEntries(Object.entries(shape.fields).map(([name, field]) => [name, opened(field)])));
  return shape.type === 'array' ? arrayOf(opened(shape.items)) : shape;
}

/** A record always has its string id; the fields the store has seen come beside it, and others may come. */
function collectionShape(seen: Shape | undefined): Shape {
  const base = anyObject({ id: TEXT });
  return seen?.type === 'object' ? mergeShapes(base, anyObject(seen.fields)) : base;
}
