import { isFieldShown, type ConfigField, type ConfigOf, type UncheckedConfigOf } from './fields.js';
import type { Shape, ShapeContext } from './shape.js';

export type NodeCategory = 'Flow' | 'Data' | 'Records' | 'Integrations' | 'Output';
export const NODE_CATEGORIES: readonly NodeCategory[] = ['Flow', 'Data', 'Records', 'Integrations', 'Output'];

export type NodeProblem = { field?: string; message: string; severity: 'error' | 'warning' };

/**
 * One node type. With no type arguments, any node type; `defineNode` keeps the literal type, version
 * and fields, so a definition's `check` and its executor see the config its fields declare.
 */
export type NodeDefinition<T extends string = string, V extends number = number, F extends readonly ConfigField[] = readonly ConfigField[]> = {
  type: T;
  /**
   * The current version: the editor creates nodes at it, and the server keeps an executor for every
   * version from 1 up to it, so changing what a node does ships as a new version and published nodes
   * keep the behaviour they were published with. All versions share these fields.
   */
  version: V;
  label: string;
  category: NodeCategory;
  /** A short name of an icon the editor draws (see renderer/theme/icons). */
  icon: string;
  description: string;
  /** Outgoing ports, in display order. Terminal nodes have none. */
  ports: readonly string[];
  /** True for Respond, Redirect and Fail: a path ends here. */
  terminal: boolean;
  /** False only for Request, which starts the flow. */
  hasInput: boolean;
  fields: F;
  /** Checks beyond each field's own kind, e.g. a status range; called only when every value is of its field's kind. */
  check?(config: ConfigOf<F>): NodeProblem[];
  /** A one-line summary of a config for the canvas; the values may be a draft's, of any kind. */
  summary(config: UncheckedConfigOf<F>): string;
  /** What later steps read as steps.<key>, from the config (a draft's, of any kind); without it, unknown. */
  outputShape?(config: UncheckedConfigOf<F>, context: ShapeContext): Shape;
  /** What a value read by a plain path (`request.body`) looks like once this node let it pass, e.g. Validate's schema. */
  vouchesFor?(config: UncheckedConfigOf<F>): { path: unknown; shape: Shape } | null;
};

/** Declares a node type, keeping its literal type, version and field names and kinds for the types derived from it. */
export function defineNode<const T extends string, const V extends number, const F extends readonly ConfigField[]>(
  definition: NodeDefinition<T, V, F>,
): NodeDefinition<T, V, F> {
  return definition;
}

/** Fills in defaults, so forms always see every field. */
export function withDefaults(definition: Pick<NodeDefinition, 'fields'>, config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const filled: Record<string, unknown> = { ...config };
  for (const field of definition.fields) {
    if (filled[field.name] === undefined) filled[field.name] = structuredClone(field.default);
  }
  return filled;
}

/**
 * The config a node runs with: every field present, absent ones at their defaults, and a hidden
 * field (its showWhen not met) at its default too, since the builder cannot see or fix what it holds.
 */
export function effectiveConfig(definition: Pick<NodeDefinition, 'fields'>, config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const filled = withDefaults(definition, config);
  for (const field of definition.fields) {
    if (!isFieldShown(field, filled)) filled[field.name] = structuredClone(field.default);
  }
  return filled;
}

export const shorten = (text: unknown, max = 40): string => {
  const value = typeof text === 'string' ? text : JSON.stringify(text) ?? '';
  const oneLine = value.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
};
