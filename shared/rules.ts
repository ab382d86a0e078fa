import { z } from 'zod';

/**
 * A condition as rules: rows of field / operator / value joined by all or any, as a builder picks
 * them. The server compiles them to JSONata (`rulesSource`); `readRules` (rules-read.ts) finds the
 * rules again in an expression that still has their shape.
 */
export const RULE_OPERATORS = ['equals', 'notEquals', 'greater', 'atLeast', 'less', 'atMost', 'contains', 'startsWith', 'isEmpty', 'isNotEmpty', 'exists', 'matches'] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

/** How each operator reads in a rule row. */
export const OPERATOR_LABELS: Readonly<Record<RuleOperator, string>> = {
  equals: 'equals',
  notEquals: 'does not equal',
  greater: '>',
  atLeast: '≥',
  less: '<',
  atMost: '≤',
  contains: 'contains',
  startsWith: 'starts with',
  isEmpty: 'is empty',
  isNotEmpty: 'is not empty',
  exists: 'exists',
  matches: 'matches',
};

/** Operators that look at the field alone. */
export const UNARY_OPERATORS: ReadonlySet<RuleOperator> = new Set(['isEmpty', 'isNotEmpty', 'exists']);

export const MAX_RULES = 50;
const MAX_TEXT = 10_000;

/** What a rule compares with: a value typed in, or another field (`{ "field": "steps.limits.max" }`). */
export const RuleValue = z.union([z.string().max(MAX_TEXT), z.number().finite(), z.boolean(), z.null(), z.strictObject({ field: z.string().max(1000) })]);
export type RuleValue = z.infer<typeof RuleValue>;

export const Rule = z.strictObject({
  /** A path into the flow's data, e.g. `request.body.email` or `steps.user.role`. */
  field: z.string().max(1000),
  operator: z.enum(RULE_OPERATORS),
  value: RuleValue.optional(),
});
export type Rule = z.infer<typeof Rule>;

export const ConditionRules = z.strictObject({
  match: z.enum(['all', 'any']),
  rules: z.array(Rule).max(MAX_RULES),
});
export type ConditionRules = z.infer<typeof ConditionRules>;

export const isRuleSet = (value: unknown): value is ConditionRules => ConditionRules.safeParse(value).success;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Words JSONata reads as operators or values, which a bare name cannot be. */
const RESERVED = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);

/** A field path from its names: `request.body.email`, names that are not identifiers in backquotes. */
export function pathSource(names: readonly string[]): string {
  return names.map((name) => (IDENTIFIER.test(name) && !RESERVED.has(name) ? name : `\`${name}\``)).join('.');
}

/** JSONata source of a value: JSON for text, numbers, true/false/null; the path for a field. */
export function valueSource(value: RuleValue | undefined): string {
  if (value === undefined) return 'null';
  if (typeof value === 'object' && value !== null) return value.field.trim();
  return JSON.stringify(value);
}

/** A pattern between JSONata's regex slashes: a "/" inside must be escaped. */
export function regexSource(pattern: string): string {
  return `/${pattern.replace(/\\.|\//g, (part) => (part === '/' ? '\\/' : part))}/`;
}

const asText = (value: RuleValue | undefined): string => (typeof value === 'string' ? JSON.stringify(value) : `$string(${valueSource(value)})`);

/** One rule as JSONata. Comparisons are JSONata's own; the others keep to what a non-technical reader expects of their names. */
export function ruleSource(rule: Rule): string {
  const field = rule.field.trim();
  const value = valueSource(rule.value);
  switch (rule.operator) {
    case 'equals':
      return `${field} = ${value}`;
    case 'notEquals':
      return `${field} != ${value}`;
    case 'greater':
      return `${field} > ${value}`;
    case 'atLeast':
      return `${field} >= ${value}`;
    case 'less':
      return `${field} < ${value}`;
    case 'atMost':
      return `${field} <= ${value}`;
    case 'contains':
      // A list contains an item; anything else is read as text that contains the value's text.
      return `$type(${field}) = "array" ? ${value} in ${field} : $contains($string(${field}), ${asText(rule.value)})`;
    case 'startsWith': {
      const prefix = asText(rule.value);
      // JSONata counts characters, not UTF-16 units.
      const length = typeof rule.value === 'string' ? String(Array.from(rule.value).length) : `$length(${prefix})`;
      return `$substring($string(${field}), 0, ${length}) = ${prefix}`;
    }
    case 'isEmpty':
      return `$not($exists(${field})) or ${field} = null or ${field} = "" or ${field} = [] or ${field} = {}`;
    case 'isNotEmpty':
      return `$exists(${field}) and ${field} != null and ${field} != "" and ${field} != [] and ${field} != {}`;
    case 'exists':
      return `$exists(${field})`;
    case 'matches':
      return `$contains($string(${field}), ${regexSource(typeof rule.value === 'string' ? rule.value : '')})`;
  }
}

/** Rules whose JSONata joins several parts: in a list they go in parentheses. */
const COMPOUND: ReadonlySet<RuleOperator> = new Set(['contains', 'isEmpty', 'isNotEmpty']);

/** The whole condition as JSONata: no rules is `true` for all (nothing fails) and `false` for any (nothing passes). */
export function rulesSource(set: ConditionRules): string {
  if (set.rules.length === 0) return set.match === 'all' ? 'true' : 'false';
  if (set.rules.length === 1) return ruleSource(set.rules[0]!);
  const joiner = set.match === 'all' ? ' and ' : ' or ';
  return set.rules.map((rule) => (COMPOUND.has(rule.operator) ? `(${ruleSource(rule)})` : ruleSource(rule))).join(joiner);
}

/** One line a person reads: `email is not empty and age ≥ 18`. */
export function describeRules(set: ConditionRules): string {
  if (set.rules.length === 0) return set.match === 'all' ? 'always' : 'never';
  const shown = (value: RuleValue | undefined): string => (typeof value === 'object' && value !== null ? value.field : JSON.stringify(value ?? null));
  const lastName = (field: string): string => field.trim().split('.').pop() || field;
  return set.rules
    .map((rule) => `${lastName(rule.field)} ${OPERATOR_LABELS[rule.operator]}${UNARY_OPERATORS.has(rule.operator) ? '' : ` ${shown(rule.value)}`}`)
    .join(set.match === 'all' ? ' and ' : ' or ');
}
