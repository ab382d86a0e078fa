type Schema = Record<string, unknown>;

/** Deeper than this, an example stops at null: enough to show a body's shape, and safe from recursive schemas. */
const MAX_EXAMPLE_DEPTH = 8;

const FORMAT_EXAMPLES: Record<string, string> = {
  email: 'user@example.com',
  date: '2024-01-31',
  'date-time': '2024-01-31T12:00:00Z',
  time: '12:00:00Z',
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  uri: 'https://example.com',
  'uri-reference': '/path',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
};

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A plausible value for a JSON Schema, for snippets and forms: the schema's own example, default,
 * const or first enum value first, else a placeholder by type (format-aware for strings). Local
 * `$ref`s (`#/definitions/…`, `#/$defs/…`) are followed; a cycle ends in null.
 */
export function exampleFromSchema(schema: unknown): unknown {
  return example(schema, schema, 0, new Set());
}

function example(schema: unknown, root: unknown, depth: number, refs: ReadonlySet<string>): unknown {
  if (!isSchema(schema)) return null;
  if ('example' in schema) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ('default' in schema) return schema.default;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (depth >= MAX_EXAMPLE_DEPTH) return null;
  const next = (sub: unknown, seen = refs): unknown => example(sub, root, depth + 1, seen);

  if (typeof schema.$ref === 'string') {
    if (refs.has(schema.$ref)) return null;
    return next(resolvePointer(root, schema.$ref), new Set([...refs, schema.$ref]));
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) return next(options[0]);
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    const parts = schema.allOf.map((part) => next(part));
    return parts.every(isSchema) ? Object.assign({}, ...parts) : parts[0];
  }

  switch (typeOf(schema)) {
    case 'object': {
      const properties = isSchema(schema.properties) ? schema.properties : {};
      return Object.fromEntries(Object.entries(properties).map(([name, sub]) => [name, next(sub)]));
    }
    case 'array':
      if (Array.isArray(schema.prefixItems)) return schema.prefixItems.map((sub) => next(sub));
      if (Array.isArray(schema.items)) return schema.items.map((sub) => next(sub));
      return isSchema(schema.items) ? Array.from({ length: itemCount(schema) }, () => next(schema.items)) : [];
    case 'string':
      return stringExample(schema);
    case 'integer':
    case 'number':
      return numberExample(schema, typeOf(schema) === 'integer');
    case 'boolean':
      return true;
    default:
      return null;
  }
}

const numberAt = (schema: Schema, key: string): number | undefined => (typeof schema[key] === 'number' && Number.isFinite(schema[key]) ? schema[key] : undefined);

/** The format's example (or "string"), stretched or cut to the length bounds; an email grows in its local part, so it stays one. */
function stringExample(schema: Schema): string {
  const format = typeof schema.format === 'string' ? schema.format : undefined;
  const text = (format ? FORMAT_EXAMPLES[format] : undefined) ?? 'string';
  const min = numberAt(schema, 'minLength') ?? 0;
  const max = numberAt(schema, 'maxLength') ?? Infinity;
  if (text.length < min) return format === 'email' ? text.replace('@', `${'x'.repeat(min - text.length)}@`) : text.padEnd(min, 'x');
  if (text.length > max && !(format && format in FORMAT_EXAMPLES)) return text.slice(0, Math.max(max, min));
  return text;
}

/** The first of a few likely values that fits every bound (exclusive ones and whole numbers included); else the nearest bound. */
function numberExample(schema: Schema, integer: boolean): number {
  const minimum = numberAt(schema, 'minimum');
  const maximum = numberAt(schema, 'maximum');
  const low = minimum ?? numberAt(schema, 'exclusiveMinimum');
  const high = maximum ?? numberAt(schema, 'exclusiveMaximum');
  const fits = (value: number): boolean =>
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (low === undefined || (minimum !== undefined ? value >= low : value > low)) &&
    (high === undefined || (maximum !== undefined ? value <= high : value < high));
  const candidates = [1, 0];
  if (low !== undefined) candidates.unshift(low, Math.ceil(low), Math.floor(low) + 1);
  if (high !== undefined) candidates.push(high, Math.floor(high), Math.ceil(high) - 1);
  if (low !== undefined && high !== undefined) candidates.push((low + high) / 2);
  return candidates.find(fits) ?? low ?? high ?? 1;
}

/** One item, or as many as the array needs at least (none when it may hold none at most). */
function itemCount(schema: Schema): number {
  const min = numberAt(schema, 'minItems') ?? 1;
  const max = numberAt(schema, 'maxItems') ?? Infinity;
  return Math.max(0, Math.min(Math.max(min, 1), max));
}

function typeOf(schema: Schema): unknown {
  const type = Array.isArray(schema.type) ? (schema.type.find((t) => t !== 'null') ?? 'null') : schema.type;
  if (type !== undefined) return type;
  if (isSchema(schema.properties)) return 'object';
  if (schema.items !== undefined || schema.prefixItems !== undefined) return 'array';
  return undefined;
}

/** `#/definitions/user` within the root schema; anything else (other documents) is not followed. */
function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let current = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isSchema(current) && !Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
