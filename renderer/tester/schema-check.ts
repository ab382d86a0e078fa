/**
 * Hints for the body editor: the common JSON Schema keywords checked in plain code. The server's ajv has the
 * last word; ajv itself compiles schemas with `new Function`, which the editor's CSP forbids.
 */
export type SchemaHint = { path: (string | number)[]; message: string };

type Schema = Record<string, unknown>;

/** Nested deeper than this, checking stops (and recursive `$ref`s end). */
const MAX_DEPTH = 32;

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const typeMatches = (value: unknown, type: string): boolean => {
  const actual = jsonType(value);
  return actual === type || (type === 'number' && actual === 'integer');
};

function resolveRef(root: Schema, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  return ref
    .slice(1)
    .split('/')
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (isSchema(node) ? node[part] : undefined), root);
}

export function checkAgainstSchema(value: unknown, schema: Record<string, unknown>): SchemaHint[] {
  const hints: SchemaHint[] = [];
  check(value, schema, schema, [], hints, 0);
  return hints;
}

function check(value: unknown, schema: unknown, root: Schema, path: (string | number)[], hints: SchemaHint[], depth: number): void {
  if (!isSchema(schema) || depth > MAX_DEPTH) return;
  const hint = (message: string): void => void hints.push({ path, message });
  if (typeof schema.$ref === 'string') check(value, resolveRef(root, schema.$ref), root, path, hints, depth + 1);

  const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? (schema.type as string[]) : null;
  if (types && !types.some((type) => typeMatches(value, type))) return hint(`should be ${types.join(' or ')}, not ${jsonType(value)}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))) {
    hint(`should be one of ${schema.enum.map((option) => JSON.stringify(option)).join(', ')}`);
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) hint(`should be ${JSON.stringify(schema.const)}`);

  if (typeof value === 'string') checkString(value, schema, hint);
  if (typeof value === 'number') checkNumber(value, schema, hint);
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) hint(`should have at least ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) hint(`should have at most ${schema.maxItems} items`);
    if (isSchema(schema.items)) value.forEach((item, index) => check(item, schema.items, root, [...path, index], hints, depth + 1));
  }
  if (isSchema(value)) checkObject(value, schema, root, path, hints, depth);

  if (Array.isArray(schema.allOf)) for (const part of schema.allOf) check(value, part, root, path, hints, depth + 1);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (!Array.isArray(options)) continue;
    const fits = options.filter((option) => {
      const inner: SchemaHint[] = [];
      check(value, option, root, path, inner, depth + 1);
      return inner.length === 0;
    }).length;
    if (fits === 0) hint('matches none of the allowed shapes');
    else if (key === 'oneOf' && fits > 1) hint('matches more than one of the allowed shapes');
  }
}

function checkString(value: string, schema: Schema, hint: (message: string) => void): void {
  if (typeof schema.minLength === 'number' && value.length < schema.minLength) hint(`should be at least ${schema.minLength} characters`);
  if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) hint(`should be at most ${schema.maxLength} characters`);
  if (typeof schema.pattern === 'string') {
    try {
      if (!new RegExp(schema.pattern, 'u').test(value)) hint(`should match ${schema.pattern}`);
    } catch {
      // A pattern JavaScript cannot read is the server's to judge.
    }
  }
  if (schema.format === 'email' && !/^[^\s@]+@[^\s@]+$/.test(value)) hint('should be an email address');
}

function checkNumber(value: number, schema: Schema, hint: (message: string) => void): void {
  if (typeof schema.minimum === 'number' && value < schema.minimum) hint(`should be ≥ ${schema.minimum}`);
  if (typeof schema.maximum === 'number' && value > schema.maximum) hint(`should be ≤ ${schema.maximum}`);
  if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) hint(`should be > ${schema.exclusiveMinimum}`);
  if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) hint(`should be < ${schema.exclusiveMaximum}`);
}

function checkObject(value: Schema, schema: Schema, root: Schema, path: (string | number)[], hints: SchemaHint[], depth: number): void {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  if (Array.isArray(schema.required)) {
    for (const name of schema.required) if (typeof name === 'string' && !(name in value)) hints.push({ path, message: `is missing “${name}”` });
  }
  for (const [name, item] of Object.entries(value)) {
    if (name in properties) check(item, properties[name], root, [...path, name], hints, depth + 1);
    else if (schema.additionalProperties === false) hints.push({ path: [...path, name], message: 'is not a property this API accepts' });
    else if (isSchema(schema.additionalProperties)) check(item, schema.additionalProperties, root, [...path, name], hints, depth + 1);
  }
}

/** `['user', 0, 'name']` → `body.user[0].name`. */
export function hintPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : `${text}.${part}`), 'body');
}
