import jsonata from 'jsonata';
import { linearRegexProblem } from './compile/linear-regex.js';
import { UNARY_OPERATORS, pathSource, rulesSource, ruleSource, type ConditionRules, type Rule, type RuleValue } from './rules.js';

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RegExp);

function parse(source: string): Node | null {
  try {
    const ast: unknown = jsonata(source).ast();
    return isNode(ast) ? ast : null;
  } catch {
    return null;
  }
}

/** The names of a plain field path (`request.body.email`), or null when the source is anything else. */
function pathNames(node: Node): string[] | null {
  if (node.type !== 'path' || !Array.isArray(node.steps) || node.steps.length === 0) return null;
  const names: string[] = [];
  for (const step of node.steps as unknown[]) {
    if (!isNode(step) || step.type !== 'name' || typeof step.value !== 'string' || Object.keys(step).some((key) => !['type', 'value', 'position'].includes(key))) return null;
    names.push(step.value);
  }
  return names;
}

/** A field as rules keep it (`request.body.email`), or null when the text is not a plain path. */
export function fieldPath(source: string): string | null {
  const node = parse(source.trim());
  const names = node ? pathNames(node) : null;
  return names ? pathSource(names) : null;
}

/** The AST without positions and parentheses, regexes as their source: two sources with the same meaning print the same. */
function shape(node: unknown): string {
  return JSON.stringify(node, (key, value: unknown) => (key === 'position' ? undefined : value instanceof RegExp ? `/${value.source}/${value.flags}` : isNode(value) ? unwrap(value) : value)) ?? '';
}

/** The operators whose JSONata has this node's outer form, so only they are written and compared. */
function likelyOperators(node: Node): readonly Rule['operator'][] {
  if (node.type === 'condition') return ['contains'];
  if (node.type === 'function') return ['exists', 'matches'];
  if (node.type !== 'binary') return [];
  return BINARY_OPERATORS[String(node.value)] ?? [];
}

const BINARY_OPERATORS: Readonly<Record<string, readonly Rule['operator'][]>> = {
  '=': ['equals', 'startsWith'],
  '!=': ['notEquals'],
  '>': ['greater'],
  '>=': ['atLeast'],
  '<': ['less'],
  '<=': ['atMost'],
  and: ['isNotEmpty'],
  or: ['isEmpty'],
};

/** Paths and literal values inside a node, as candidates for a rule's field and value. */
function parts(node: unknown, found: { fields: string[]; values: RuleValue[] }): void {
  if (Array.isArray(node)) return node.forEach((item) => parts(item, found));
  if (node instanceof RegExp) return void found.values.push(node.source.replace(/\\\//g, '/'));
  if (!isNode(node)) return;
  const names = pathNames(node);
  if (names) {
    const field = pathSource(names);
    if (!found.fields.includes(field)) found.fields.push(field);
    return;
  }
  if (node.type === 'string' || node.type === 'number' || node.type === 'value') found.values.push(node.value as RuleValue);
  for (const [key, value] of Object.entries(node)) if (key !== 'value' || node.type === 'regex') parts(value, found);
}

/** The rule a node is the JSONata of, found by writing each candidate rule and comparing; null when none is. */
function readRule(node: Node): Rule | null {
  const target = shape(node);
  const found = { fields: [] as string[], values: [] as RuleValue[] };
  parts(node, found);
  const [field, ...others] = found.fields;
  if (field === undefined) return null;
  const values: (RuleValue | undefined)[] = [...found.values, ...others.map((other) => ({ field: other })), undefined];
  for (const operator of likelyOperators(node)) {
    for (const value of UNARY_OPERATORS.has(operator) ? [undefined] : values) {
      if (value === undefined && !UNARY_OPERATORS.has(operator)) continue;
      const rule: Rule = value === undefined ? { field, operator } : { field, operator, value };
      const written = parse(ruleSource(rule));
      if (written && shape(written) === target) return rule;
    }
  }
  return null;
}

const unwrap = (node: Node): Node => (node.type === 'block' && Array.isArray(node.expressions) && node.expressions.length === 1 && isNode(node.expressions[0]) ? unwrap(node.expressions[0]) : node);

function chain(node: Node, joiner: 'and' | 'or'): Node[] {
  if (node.type === 'binary' && node.value === joiner && isNode(node.lhs) && isNode(node.rhs)) return [...chain(node.lhs, joiner), ...chain(node.rhs, joiner)];
  return [node];
}

/**
 * The rules an expression still is: one rule, or rules joined by only `and` or only `or`, each in a
 * form `ruleSource` writes (`true` and `false` are no rules). Null when it is any other expression,
 * so the editor keeps it as an expression.
 */
export function readRules(source: string): ConditionRules | null {
  const root = parse(source.trim());
  if (!root) return null;
  const node = unwrap(root);
  if (node.type === 'value' && typeof node.value === 'boolean') return { match: node.value ? 'all' : 'any', rules: [] };
  const single = readRule(node);
  if (single) return { match: 'all', rules: [single] };
  for (const joiner of ['and', 'or'] as const) {
    const items = chain(node, joiner);
    if (items.length < 2) continue;
    const rules = items.map((item) => readRule(unwrap(item)));
    if (rules.every((rule): rule is Rule => rule !== null)) {
      const set: ConditionRules = { match: joiner === 'and' ? 'all' : 'any', rules };
      const written = parse(rulesSource(set));
      return written && shape(unwrap(written)) === shape(node) ? set : null;
    }
  }
  return null;
}

/** One problem of a rule set: which rule (from 0) and what to do about it. */
export type RuleProblem = { index: number; part: 'field' | 'value'; message: string };

/** What must be fixed before the rules can run: a field that is not a path, a missing value, a pattern that cannot run. */
export function ruleProblems(set: ConditionRules): RuleProblem[] {
  const problems: RuleProblem[] = [];
  set.rules.forEach((rule, index) => {
    const at = (part: RuleProblem['part'], message: string): void => void problems.push({ index, part, message });
    if (rule.field.trim() === '') at('field', 'Pick the field this rule checks');
    else if (fieldPath(rule.field) === null) at('field', `“${rule.field}” is not a field path like request.body.email`);
    if (UNARY_OPERATORS.has(rule.operator)) return;
    const value = rule.value;
    if (value === undefined) at('value', 'Give the value to compare with');
    else if (typeof value === 'object' && value !== null && fieldPath(value.field) === null) at('value', `“${value.field}” is not a field path like steps.user.id`);
    else if (rule.operator === 'matches') {
      const problem = typeof value === 'string' ? (value === '' ? 'is empty' : linearRegexProblem(value)) : 'must be a pattern (text)';
      if (problem) at('value', `The pattern ${problem}`);
    }
  });
  return problems;
}
