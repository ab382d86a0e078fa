type Schema = Record<string, unknown>;

/** Past this depth a body schema is described as "anything" rather than walked further. */
const MAX_SCHEMA_DEPTH = 100;

const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'] as const;
const SCHEMA_VALUES = ['additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties', 'items'] as const;
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;

const isSchemaObject = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Turns an API's body schema (JSON Schema draft-07, as ajv checks it) into OpenAPI 3.1's dialect
 * (draft 2020-12), to live at `base` (e.g. `#/components/schemas/CreateUserBody`):
 * `definitions` → `$defs`, tuple `items` → `prefixItems`, `dependencies` → `dependentRequired` /
 * `dependentSchemas`, and local `$ref`s re-rooted at `base`. `$schema` and `$id` go: inside one
 * document they would change what the references resolve against. Keywords it does not know pass through.
 */
export function toOpenApiSchema(schema: Schema, base: string): Schema {
  return convert(schema, base, 0);
}

function convert(schema: Schema, base: string, depth: number): Schema {
  if (depth > MAX_SCHEMA_DEPTH) return {};
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema' || key === '$id') continue;
    if (key === 'definitions') out.$defs = { ...(out.$defs as Schema | undefined), ...(isSchemaObject(value) ? value : {}) };
    else if (key === 'dependencies' && isSchemaObject(value)) splitDependencies(value, out);
    else if (key === '$ref' && typeof value === 'string') out.$ref = rebase(value, base);
    else out[key] = value;
  }
  if (Array.isArray(out.items)) {
    out.prefixItems = out.items;
    if ('additionalItems' in out) out.items = out.additionalItems;
    else delete out.items;
    delete out.additionalItems;
  }
  legacyExclusive(out, 'exclusiveMinimum', 'minimum');
  legacyExclusive(out, 'exclusiveMaximum', 'maximum');
  const walk = (value: unknown): unknown => (isSchemaObject(value) ? convert(value, base, depth + 1) : value);
  for (const key of SCHEMA_MAPS) {
    if (isSchemaObject(out[key])) out[key] = Object.fromEntries(Object.entries(out[key]).map(([name, value]) => [name, walk(value)]));
  }
  for (const key of SCHEMA_VALUES) if (key in out) out[key] = walk(out[key]);
  for (const key of SCHEMA_LISTS) if (Array.isArray(out[key])) out[key] = out[key].map(walk);
  return out;
}

/** `#/definitions/user` → `<base>/$defs/user`; references to other documents stay as they are. */
function rebase(ref: string, base: string): string {
  if (!ref.startsWith('#')) return ref;
  const pointer = ref.slice(1).replace(/^\/definitions(?=\/|$)/, '/$defs');
  return `${base}${pointer}`;
}

function splitDependencies(dependencies: Schema, out: Schema): void {
  for (const [name, value] of Object.entries(dependencies)) {
    const target = Array.isArray(value) ? 'dependentRequired' : 'dependentSchemas';
    out[target] = { ...(out[target] as Schema | undefined), [name]: value };
  }
}

/** Draft-04's boolean `exclusiveMinimum: true` beside `minimum` became a number of its own. */
function legacyExclusive(out: Schema, exclusive: 'exclusiveMinimum' | 'exclusiveMaximum', bound: 'minimum' | 'maximum'): void {
  if (typeof out[exclusive] !== 'boolean') return;
  if (out[exclusive] === true && typeof out[bound] === 'number') {
    out[exclusive] = out[bound];
    delete out[bound];
  } else {
    delete out[exclusive];
  }
}
