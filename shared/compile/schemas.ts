import { Ajv } from 'ajv';

/** Compiling a schema costs about a millisecond; the editor recompiles on every edit, mostly with the same schemas. */
const MAX_CACHED_VERDICTS = 500;
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
  if (known !== undefined) return known;
  const verdict = compileProblem(JSON.parse(text) as Record<string, unknown>);
  if (verdicts.size >= MAX_CACHED_VERDICTS) verdicts.clear();
  verdicts.set(text, verdict);
  return verdict;
}

function compileProblem(schema: Record<string, unknown>): string | null {
  checker ??= new Ajv({ strict: false, logger: false, addUsedSchema: false });
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
