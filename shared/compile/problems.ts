import type { CompileProblem } from './plan.js';

/**
 * Every code the compiler reports. Codes are stable: the editor and the admin API match on them.
 * Errors block publishing; `unknown_field`, `unknown_name`, `body_schema_ignored` and `config_warning` are warnings.
 */
export const COMPILE_PROBLEM_CODES = [
  'unknown_node_type', 'unknown_type_version', 'no_request', 'two_requests', 'duplicate_node_id', 'duplicate_edge_id',
  'invalid_key', 'duplicate_key', 'missing_node', 'unknown_port', 'no_input', 'from_terminal',
  'port_used_twice', 'unconnected_port', 'cycle', 'unreachable',
  'required_field', 'invalid_value', 'invalid_config', 'config_warning',
  'invalid_expression', 'unknown_path_param', 'unknown_step', 'invalid_schema', 'body_schema_ignored',
  'unknown_function', 'wrong_arity', 'unknown_field', 'unknown_name',
] as const;
export type CompileProblemCode = (typeof COMPILE_PROBLEM_CODES)[number];

type Where = Pick<CompileProblem, 'nodeId' | 'edgeId' | 'port' | 'field' | 'position'>;

export function error(code: CompileProblemCode, message: string, where: Where = {}): CompileProblem {
  return { severity: 'error', code, message, ...where };
}

export function warning(code: CompileProblemCode, message: string, where: Where = {}): CompileProblem {
  return { severity: 'warning', code, message, ...where };
}

/** How messages name a node: by the key builders see on the canvas, or by id when it has none. */
export function nodeName(node: { id: string; key: string; type: string }): string {
  return node.key ? `Node "${node.key}" (${node.type})` : `Node with id "${node.id}" (${node.type})`;
}

export const hasErrors = (problems: readonly CompileProblem[]): boolean => problems.some((problem) => problem.severity === 'error');
