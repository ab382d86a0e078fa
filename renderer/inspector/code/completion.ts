import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';

/** What an expression can name at its place in the flow. */
export type ExpressionScope = {
  pathParams: readonly string[];
  queryNames: readonly string[];
  envVars: readonly string[];
  /** Keys of the nodes that run before this one. */
  stepKeys: readonly string[];
};

export const EMPTY_SCOPE: ExpressionScope = { pathParams: [], queryNames: [], envVars: [], stepKeys: [] };

const ROOT: Completion[] = [
  { label: 'request', type: 'variable', detail: 'the incoming call' },
  { label: 'token', type: 'variable', detail: 'the caller’s token, or null' },
  { label: 'env', type: 'variable', detail: 'the environment' },
  { label: 'steps', type: 'variable', detail: 'outputs of earlier nodes' },
];

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

/** A few JSONata functions builders reach for first. */
const FUNCTIONS: Completion[] = ['$string', '$number', '$boolean', '$exists', '$count', '$sum', '$map', '$filter', '$merge', '$keys', '$lowercase', '$uppercase', '$trim', '$contains', '$split', '$join', '$now', '$millis', '$uuid'].map(
  (label) => ({ label, type: 'function', apply: `${label}(` }),
);

function optionsFor(chain: readonly string[], scope: ExpressionScope): Completion[] {
  const path = chain.join('.');
  if (path === '') return [...ROOT, ...FUNCTIONS];
  if (path === 'request.params') return scope.pathParams.map((label) => ({ label, type: 'property', detail: 'path parameter' }));
  if (path === 'request.query') return scope.queryNames.map((label) => ({ label, type: 'property', detail: 'query parameter' }));
  if (path === 'env.vars') return scope.envVars.map((label) => ({ label, type: 'property', detail: 'variable' }));
  if (path === 'steps') return scope.stepKeys.map((label) => ({ label, type: 'variable', detail: 'step output' }));
  return FIELDS[path] ?? [];
}

/** Completes `request.`, `token.`, `env.`, `steps.` and what lies under them, from the flow around the field. */
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
