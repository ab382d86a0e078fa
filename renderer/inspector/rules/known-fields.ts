import { describeShape, type Shape } from '../../../shared/nodes/shape.js';
import { pathSource } from '../../../shared/rules.js';
import type { ExpressionScope } from '../code/completion.js';

/** A path a rule can check, with what it holds ("text", "number", "list of text"…). */
export type KnownField = { path: string; type: string; group: 'Request' | 'Steps' | 'Token' | 'Environment' };

/** How deep objects are listed: body.address.city, not further; deeper paths can still be typed. */
const MAX_DEPTH = 3;
/** Enough to pick from; typing filters the rest. */
const MAX_FIELDS = 300;

/** Every path the flow knows at this node, from its shapes: request parts, earlier steps' outputs, token and environment. */
export function knownFields(scope: ExpressionScope): KnownField[] {
  const found: KnownField[] = [];
  const add = (names: readonly string[], shape: Shape, group: KnownField['group'], depth: number): void => {
    if (found.length >= MAX_FIELDS) return;
    found.push({ path: pathSource(names), type: describeShape(shape), group });
    if (shape.type !== 'object' || depth >= MAX_DEPTH) return;
    for (const [name, field] of Object.entries(shape.fields)) add([...names, name], field, group, depth + 1);
  };
  const shapes = scope.shapes;
  const request = shapes?.root('request');
  if (request?.type === 'object') {
    for (const part of ['params', 'query', 'body'] as const) {
      const shape = request.fields[part];
      if (shape?.type === 'object') for (const [name, field] of Object.entries(shape.fields)) add(['request', part, name], field, 'Request', 2);
      else if (part === 'body' && shape) add(['request', 'body'], shape, 'Request', 1);
    }
    for (const part of ['method', 'ip'] as const) if (request.fields[part]) add(['request', part], request.fields[part], 'Request', 1);
  } else {
    for (const name of scope.pathParams) found.push({ path: pathSource(['request', 'params', name]), type: 'text', group: 'Request' });
    for (const name of scope.queryNames) found.push({ path: pathSource(['request', 'query', name]), type: 'any', group: 'Request' });
  }
  for (const key of scope.stepKeys) {
    const shape = shapes?.step(key);
    if (shape) add(['steps', key], shape, 'Steps', 1);
    else found.push({ path: pathSource(['steps', key]), type: 'any', group: 'Steps' });
  }
  const token = shapes?.root('token');
  if (token?.type === 'object') for (const [name, field] of Object.entries(token.fields)) add(['token', name], field, 'Token', 1);
  for (const name of scope.envVars) found.push({ path: pathSource(['env', 'vars', name]), type: 'text', group: 'Environment' });
  return found;
}

/** Fields whose path holds every word typed, in any order; the typed text itself first when it is not listed. */
export function matchingFields(fields: readonly KnownField[], typed: string): KnownField[] {
  const words = typed.toLowerCase().split(/[\s.]+/).filter(Boolean);
  return fields.filter((field) => words.every((word) => field.path.toLowerCase().includes(word)));
}
