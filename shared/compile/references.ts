import { fieldShape, type Shape } from '../nodes/shape.js';
import { closestName } from './functions.js';
import type { FlowShapes } from './shapes.js';

/** A name an expression reads that is not there: an unknown step (an error), a field its shape does not have (a warning). */
export type ReferenceFinding = {
  code: 'unknown_step' | 'unknown_field' | 'unknown_name';
  severity: 'error' | 'warning';
  message: string;
  /** Where the name is in the source, when it is written plainly enough to find. */
  from?: number;
  to?: number;
};

const ROOT_NAMES = ['request', 'token', 'env', 'steps'];
/** Fields listed in a message at most; past that the list stops helping. */
const MAX_LISTED_FIELDS = 8;

/**
 * Checks the name chains an expression reads against what the flow holds. `request.params.*` is left to
 * the path-parameter check, which knows the path; fields are only missing from a shape known to be closed.
 */
export function referenceFindings(source: string, paths: readonly (readonly string[])[], shapes: FlowShapes, stepKeys: Iterable<string>): ReferenceFinding[] {
  const findings: ReferenceFinding[] = [];
  for (const names of paths) {
    const [root, second] = names;
    if (root === undefined) continue;
    if (root === 'steps') {
      if (second === undefined) continue;
      const shape = shapes.step(second);
      if (shape === undefined) {
        const keys = [...stepKeys];
        const suggestion = closestName(second, keys);
        const hint = suggestion ? `did you mean steps.${suggestion}?` : keys.length > 0 ? `the steps are ${listed(keys)}` : 'this flow has no other steps';
        findings.push({ code: 'unknown_step', severity: 'error', message: `steps.${second} is not the key of any node in this flow, so it reads nothing; ${hint}`, ...locate(source, names, 1) });
        continue;
      }
      const missing = missingField(shape, names, 2);
      if (missing) findings.push(missing.finding(source));
      continue;
    }
    const shape = shapes.root(root);
    if (!shape) {
      findings.push({ code: 'unknown_name', severity: 'warning', message: unknownNameMessage(root, shapes), ...locate(source, names, 0) });
      continue;
    }
    if (root === 'request' && second === 'params') continue;
    const missing = missingField(shape, names, 1);
    if (missing) findings.push(missing.finding(source));
  }
  return findings;
}

/** The first name of the chain (from `start`) that a closed object shape does not have. */
function missingField(shape: Shape, names: readonly string[], start: number): { finding: (source: string) => ReferenceFinding } | null {
  let current: Shape = shape;
  for (let index = start; index < names.length; index++) {
    const name = names[index]!;
    const next = fieldShape(current, name);
    if (next === undefined) {
      const owner = names.slice(0, index).join('.');
      const fields = fieldNames(current);
      const suggestion = closestName(name, fields);
      const hint = suggestion ? `did you mean ${owner}.${suggestion}?` : fields.length > 0 ? `its fields are ${listed(fields)}` : 'it has no fields';
      return {
        finding: (source) => ({ code: 'unknown_field', severity: 'warning', message: `${owner} has no field "${name}", so this reads nothing; ${hint}`, ...locate(source, names, index) }),
      };
    }
    if (next.type === 'unknown') return null;
    current = next;
  }
  return null;
}

function unknownNameMessage(name: string, shapes: FlowShapes): string {
  const start = `"${name}" reads nothing: an expression starts from ${ROOT_NAMES.join(', ')}`;
  const request = shapes.root('request');
  if (request?.type === 'object' && name in request.fields) return `${start}; did you mean request.${name}?`;
  if (shapes.step(name) !== undefined) return `${start}; did you mean steps.${name}?`;
  const root = closestName(name, ROOT_NAMES);
  return root ? `${start}; did you mean ${root}?` : `${start}, or put the text in quotes`;
}

const fieldNames = (shape: Shape): string[] => (shape.type === 'object' ? Object.keys(shape.fields) : shape.type === 'array' ? fieldNames(shape.items) : []);

const listed = (names: readonly string[]): string =>
  names.length > MAX_LISTED_FIELDS ? `${names.slice(0, MAX_LISTED_FIELDS).join(', ')}…` : names.join(', ');

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where the name at `index` of a chain is in the source: the chain written with dots, spaces or backquotes allowed. */
function locate(source: string, names: readonly string[], index: number): { from?: number; to?: number } {
  const parts = names.slice(0, index + 1).map((name) => `\`?${escapeRegex(name)}\`?`);
  const match = new RegExp(`(?<![A-Za-z0-9_])(?<![A-Za-z0-9_\`\\])]\\s*\\.\\s*)${parts.join('\\s*\\.\\s*')}(?![A-Za-z0-9_])`).exec(source);
  if (!match) return {};
  const last = names[index]!;
  const to = match.index + match[0].length - (match[0].endsWith('`') ? 1 : 0);
  return { from: to - last.length, to };
}
