import { Ajv } from 'ajv';
import { linearRegexProblem, linearRegExpForAjv } from './linear-regex.js';

/**
 * Compiling a schema costs about a millisecond; the editor recompiles on every edit, and the server
 * compiles every published version at start and each one again at publish, mostly with the same schemas.
 * Sized above a large workspace's published schemas (1,000 APIs, a body and a few steps' each, ~200 bytes a key).
 */
const MAX_CACHED_VERDICTS = 5_000;
/** Least recently used first (a Map keeps insertion order; a hit moves its key to the end). */
const verdicts = new Map<string, string | null>();

/**
 * One checker for every schema. `addUsedSchema: false` keeps each schema out of the shared registry, so two
 * schemas with the same `$id` do not collide; what is left in the compile cache is removed after each check.
 */
let checker: Ajv | undefined;

/** Why a JSON Schema cannot be compiled, or null when it can. */
export function schemaProblem(schema: unknown): string | null {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return 'a JSON Schema must be an object, like {"type": "object"}';
  let text: string;
  try {
    text = JSON.stringify(schema);
  } catch {
    return 'the schema is not plain JSON';
  }
  const known = verdicts.get(text);
  if (known !== undefined) {
    verdicts.delete(text);
    verdicts.set(text, known);
    return known;
  }
  const verdict = compileProblem(JSON.parse(text) as Record<string, unknown>);
  // One out, the least recently used: clearing them all made a workspace past the limit compile every schema again.
  if (verdicts.size >= MAX_CACHED_VERDICTS) verdicts.delete(verdicts.keys().next().value as string);
  verdicts.set(text, verdict);
  return verdict;
}

function compileProblem(schema: Record<string, unknown>): string | null {
  const pattern = patternProblem(schema);
  if (pattern) return pattern;
  checker ??= new Ajv({ strict: false, logger: false, addUsedSchema: false, code: { regExp: linearRegExpForAjv } });
  const ajv = checker;
  const refsBefore = new Set(Object.keys(ajv.refs));
  try {
    ajv.compile(schema);
    return null;
  } catch (failure) {
    // A page whose Content-Security-Policy forbids generated code cannot compile here; the server checks again at publish.
    if (failure instanceof EvalError) return null;
    return failure instanceof Error ? failure.message : String(failure);
  } finally {
    // removeSchema also drops the registry entry named by `$id`, which could be a meta-schema's: forget the id first.
    delete schema.$id;
    ajv.removeSchema(schema);
    for (const ref of Object.keys(ajv.refs)) {
      if (!refsBefore.has(ref)) delete (ajv.refs as Record<string, unknown>)[ref];
    }
  }
}

/** Keywords whose values are data, not schemas: a "pattern" inside them is no regular expression. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples']);
/** Keywords whose values map names to schemas: their keys are names, not keywords. */
const NAME_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies']);

/**
 * The first `pattern` or `patternProperties` key that the linear-time engine cannot run, with where it is.
 * Ajv would refuse it too, through `code.regExp`, but without saying where in the schema.
 */
export function patternProblem(schema: Record<string, unknown>): string | null {
  const pending: { value: unknown; pointer: string; names: boolean }[] = [{ value: schema, pointer: '', names: false }];
  while (pending.length > 0) {
    const { value, pointer, names } = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    for (const [key, child] of Object.entries(value)) {
      const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!names && !Array.isArray(value)) {
        if (DATA_KEYWORDS.has(key)) continue;
        if (key === 'pattern' && typeof child === 'string') {
          const problem = linearRegexProblem(child, 'u');
          if (problem) return `${problem} (at ${at})`;
        }
        if (key === 'patternProperties' && typeof child === 'object' && child !== null) {
          for (const name of Object.keys(child)) {
            const problem = linearRegexProblem(name, 'u');
            if (problem) return `${problem} (a key of ${at})`;
          }
        }
      }
      pending.push({ value: child, pointer: at, names: !names && !Array.isArray(value) && NAME_MAPS.has(key) });
    }
  }
  return null;
}
