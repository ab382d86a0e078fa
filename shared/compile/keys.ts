import { NODE_KEY_PATTERN } from '../model/api.js';

/** The names at the root of the expression context. Only the Request node may take one as its key (it is conventionally "request"). */
export const CONTEXT_NAMES: ReadonlySet<string> = new Set(['request', 'token', 'env', 'steps']);

/** JSONata reads these as literals, so `steps.null` is a syntax error: no node may be called that. */
export const JSONATA_LITERALS: ReadonlySet<string> = new Set(['true', 'false', 'null']);

/**
 * Why a key cannot name a node, or null when it can. The rule: an identifier (NODE_KEY_PATTERN) that is
 * not a JSONata literal; besides, only the Request node may use a context name (request, token, env, steps),
 * since `steps.env` next to `env` would mislead whoever reads the expressions.
 */
export function keyProblem(key: string, isRequest: boolean): string | null {
  if (key === '') return 'it has no key; give it one, like "user": later nodes read its output as steps.<key>';
  if (!NODE_KEY_PATTERN.test(key)) {
    return `the key "${key}" must start with a letter or "_" and hold only letters, digits and "_" (later nodes read it as steps.<key>)`;
  }
  if (JSONATA_LITERALS.has(key)) return `the key "${key}" is a JSONata literal, so steps.${key} could not be read; pick another key`;
  if (!isRequest && CONTEXT_NAMES.has(key)) {
    return `the key "${key}" is reserved: expressions already have ${[...CONTEXT_NAMES].join(', ')} at their root; pick another key`;
  }
  return null;
}
