import { functionUsage, JSONATA_FUNCTIONS, readSignature, type Arity } from './jsonata-functions.js';

/** Something wrong at a place in an expression's source: [from, to) are character offsets. */
export type ExpressionFinding = {
  code: 'invalid_expression' | 'unknown_function' | 'wrong_arity';
  message: string;
  from: number;
  to: number;
};

/** A call of a named function found in the AST; `given` counts the value piped in by `~>`. */
type Call = { name: string; given: number; end: number; piped: boolean };

type AstNode = Record<string, unknown> & { type?: unknown; value?: unknown; position?: unknown };
const isNode = (value: unknown): value is AstNode => typeof value === 'object' && value !== null && !(value instanceof RegExp);

const ARITIES = new Map(Object.entries(JSONATA_FUNCTIONS).map(([name, { signature }]) => [name, readSignature(signature).arity]));

/** A suggestion is made only this close (edits, at most); farther ones would more often mislead than help. */
const MAX_SUGGESTION_DISTANCE = 2;

/** Names builders bring from JavaScript or spreadsheets, too far from JSONata's to be found by spelling. */
const FAMILIAR_NAMES: Readonly<Record<string, string>> = {
  toUpperCase: 'uppercase', upper: 'uppercase', toLowerCase: 'lowercase', lower: 'lowercase',
  parseInt: 'number', parseFloat: 'number', toNumber: 'number', toString: 'string', str: 'string',
  includes: 'contains', len: 'length', size: 'count', concat: 'append', today: 'now', date: 'now',
};

/**
 * Unknown functions and built-ins called with too few or too many arguments, found in JSONata's AST.
 * Names bound in the expression (`$f := function…`, lambda parameters) are the builder's own and pass.
 */
export function functionFindings(ast: unknown): ExpressionFinding[] {
  const calls: Call[] = [];
  const bound = new Set<string>();
  collect(ast, calls, bound);
  const findings: ExpressionFinding[] = [];
  for (const call of calls) {
    const from = Math.max(0, call.end - call.name.length - 1);
    const at = { from, to: call.end };
    if (bound.has(call.name)) continue;
    const arity = ARITIES.get(call.name);
    if (!arity) {
      findings.push({ code: 'unknown_function', message: unknownFunctionMessage(call.name, bound), ...at });
      continue;
    }
    const problem = arityProblem(call, arity);
    if (problem) findings.push({ code: 'wrong_arity', message: problem, ...at });
  }
  return findings;
}

function unknownFunctionMessage(name: string, bound: ReadonlySet<string>): string {
  const suggestion = FAMILIAR_NAMES[name] ?? closestName(name, [...ARITIES.keys(), ...bound]);
  return suggestion
    ? `There is no function $${name}. Did you mean $${suggestion}?`
    : `There is no function $${name}; type $ in the field to see the functions there are`;
}

function arityProblem(call: Call, { min, max }: Arity): string | null {
  if (call.given >= min && call.given <= max) return null;
  const piped = call.piped ? ' (counting the value before ~>)' : '';
  const given = `${call.given === 0 ? 'none' : call.given}${piped}`;
  if (call.given > max) return `${functionUsage(call.name)} takes ${max === 0 ? 'no arguments' : `at most ${plural(max)}`}, but is given ${given}`;
  return `${functionUsage(call.name)} needs ${min === max ? plural(min) : `at least ${plural(min)}`}, but is given ${given}`;
}

const plural = (count: number): string => `${count} argument${count === 1 ? '' : 's'}`;

/** Walks the AST once: every call of a `$name`, and every name the expression binds itself. */
function collect(node: unknown, calls: Call[], bound: Set<string>, piped = 0): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, calls, bound);
    return;
  }
  if (!isNode(node)) return;
  const { type } = node;
  if (type === 'bind' && isNode(node.lhs) && typeof node.lhs.value === 'string') bound.add(node.lhs.value);
  if (type === 'lambda' && Array.isArray(node.arguments)) {
    for (const parameter of node.arguments) if (isNode(parameter) && typeof parameter.value === 'string') bound.add(parameter.value);
  }
  for (const name of [node.focus, node.index]) if (typeof name === 'string') bound.add(name);
  if ((type === 'function' || type === 'partial') && isNode(node.procedure)) {
    const { procedure } = node;
    const count = Array.isArray(node.arguments) ? node.arguments.length : 0;
    if (procedure.type === 'variable' && typeof procedure.value === 'string' && procedure.value !== '' && typeof procedure.position === 'number') {
      calls.push({ name: procedure.value, given: count + piped, end: procedure.position, piped: piped > 0 });
    } else {
      collect(procedure, calls, bound);
    }
    collect(node.arguments, calls, bound);
    collectRest(node, ['procedure', 'arguments'], calls, bound);
    return;
  }
  if (type === 'apply' && node.value === '~>') {
    collect(node.lhs, calls, bound);
    const target = node.rhs;
    if (isNode(target) && target.type === 'variable' && typeof target.value === 'string' && target.value !== '' && typeof target.position === 'number') {
      calls.push({ name: target.value, given: 1, end: target.position, piped: true });
    } else {
      collect(target, calls, bound, 1);
    }
    return;
  }
  collectRest(node, [], calls, bound);
}

function collectRest(node: AstNode, skip: readonly string[], calls: Call[], bound: Set<string>): void {
  for (const [property, child] of Object.entries(node)) {
    if (property === 'value' || skip.includes(property) || typeof child !== 'object') continue;
    collect(child, calls, bound);
  }
}

/** The known name nearest to `name` within MAX_SUGGESTION_DISTANCE edits (case counts as half an edit), or undefined. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const limit = Math.min(MAX_SUGGESTION_DISTANCE, Math.max(1, Math.floor(name.length / 3)));
  for (const candidate of known) {
    if (candidate === name) continue;
    const distance = candidate.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance && distance <= limit) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance with adjacent swaps counted as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = value;
    }
  }
  return d[rows * cols - 1]!;
}
