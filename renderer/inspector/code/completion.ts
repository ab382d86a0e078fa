import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { functionUsage, JSONATA_FUNCTIONS } from '../../../shared/compile/jsonata-functions.js';
import type { FlowShapes } from '../../../shared/compile/shapes.js';
import { describeShape, objectAt } from '../../../shared/nodes/shape.js';

/** What an expression can name at its place in the flow. */
export type ExpressionScope = {
  pathParams: readonly string[];
  queryNames: readonly string[];
  envVars: readonly string[];
  /** Keys of the nodes that run before this one. */
  stepKeys: readonly string[];
  /** What every step and root name holds, as far as the flow and its last run tell; null before an API is open. */
  shapes: FlowShapes | null;
};

export const EMPTY_SCOPE: ExpressionScope = { pathParams: [], queryNames: [], envVars: [], stepKeys: [], shapes: null };

const ROOT: Completion[] = [
  { label: 'request', type: 'variable', detail: 'the incoming call' },
  { label: 'token', type: 'variable', detail: 'the caller’s token, or null' },
  { label: 'env', type: 'variable', detail: 'the environment' },
  { label: 'steps', type: 'variable', detail: 'outputs of earlier nodes' },
];

/** The fixed fields of the roots, described better than their shapes could. */
const FIELDS: Record<string, Completion[]> = {
  request: [
    { label: 'method', type: 'property', detail: 'GET, POST…' },
    { label: 'path', type: 'property', detail: 'the URL path' },
    { label: 'params', type: 'property', detail: 'path parameters' },
    { label: 'query', type: 'property', detail: 'query parameters' },
    { label: 'headers', type: 'property', detail: 'lower-case names' },
    { label: 'body', type: 'property', detail: 'the JSON body' },
    { label: 'ip', type: 'property', detail: 'the caller’s address' },
  ],
  token: [
    { label: 'id', type: 'property' },
    { label: 'name', type: 'property' },
    { label: 'environment', type: 'property' },
    { label: 'groups', type: 'property', detail: 'key group ids' },
    { label: 'scopes', type: 'property' },
    { label: 'vars', type: 'property', detail: 'the token’s variables' },
  ],
  env: [
    { label: 'name', type: 'property', detail: 'dev, prod…' },
    { label: 'vars', type: 'property', detail: 'the environment’s variables' },
  ],
};

/** Functions builders reach for first are listed first. */
const FIRST_FUNCTIONS = new Set(['string', 'number', 'boolean', 'exists', 'count', 'sum', 'map', 'filter', 'merge', 'keys', 'lowercase', 'uppercase', 'trim', 'contains', 'split', 'join', 'now', 'millis']);
const FUNCTION_BOOST = 10;

/** Every JSONata built-in, with how it is called. */
const FUNCTIONS: Completion[] = Object.keys(JSONATA_FUNCTIONS).map((name) => ({
  label: `$${name}`,
  type: 'function',
  detail: functionUsage(name).slice(name.length + 1),
  apply: `$${name}(`,
  ...(FIRST_FUNCTIONS.has(name) ? { boost: FUNCTION_BOOST } : {}),
}));

const named = (names: readonly string[], detail: string, type = 'property'): Completion[] => names.map((label) => ({ label, type, detail }));

/** The fields of what a chain of names reads, from its shape; an array offers its items' fields, as JSONata maps over it. */
function shapeFields(chain: readonly string[], shapes: FlowShapes | null): Completion[] {
  if (!shapes) return [];
  const shape = objectAt(shapes.resolve(chain));
  if (shape.type !== 'object') return [];
  return Object.entries(shape.fields).map(([label, field]) => ({ label, type: 'property', detail: describeShape(field) }));
}

/** Fixed names first, then what the shapes add, each name once. */
function together(first: readonly Completion[], more: readonly Completion[]): Completion[] {
  const seen = new Set(first.map((option) => option.label));
  return [...first, ...more.filter((option) => !seen.has(option.label))];
}

function optionsFor(chain: readonly string[], scope: ExpressionScope): Completion[] {
  const path = chain.join('.');
  if (path === '') return [...ROOT, ...FUNCTIONS];
  if (path === 'request.params') return named(scope.pathParams, 'path parameter');
  if (path === 'request.query') return together(named(scope.queryNames, 'query parameter'), shapeFields(chain, scope.shapes));
  if (path === 'env.vars') return together(named(scope.envVars, 'variable'), shapeFields(chain, scope.shapes));
  if (path === 'steps') return named(scope.stepKeys, 'step output', 'variable');
  const fixed = FIELDS[path];
  return fixed ?? shapeFields(chain, scope.shapes);
}

/** Completes `request.`, `token.`, `env.`, `steps.` and the fields under them (`steps.user.email`), from the flow around the field. */
export function expressionCompletion(scope: () => ExpressionScope) {
  return (context: CompletionContext): CompletionResult | null => {
    const match = context.matchBefore(/\$?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]*)*$|\.$/);
    if (!match && !context.explicit) return null;
    const text = match?.text ?? '';
    // Only names read from the root get completion, not fields of something computed, e.g. `$x.`.
    const charBefore = match ? context.state.sliceDoc(Math.max(0, match.from - 1), match.from) : '';
    if (charBefore === '.' || (text.startsWith('.') && text.length === 1)) return null;
    if (text.startsWith('$')) return { from: match!.from, options: FUNCTIONS, validFor: /^\$[A-Za-z0-9_]*$/ };
    const parts = text.split('.');
    const prefix = parts.pop() ?? '';
    const options = optionsFor(parts, scope());
    if (options.length === 0) return null;
    return { from: context.pos - prefix.length, options, validFor: /^[A-Za-z0-9_]*$/ };
  };
}
