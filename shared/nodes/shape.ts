/**
 * What a step's output looks like, as far as the editor and the compiler can tell before it runs: a
 * small JSON-Schema-like type. `open` objects may hold more fields than the ones listed (a sample, a
 * schema without additionalProperties: false); only a closed object's missing field is worth a warning.
 */
export type Shape =
  | { type: 'object'; fields: Readonly<Record<string, Shape>>; open: boolean }
  | { type: 'array'; items: Shape }
  | { type: 'string' | 'number' | 'boolean' | 'null' }
  | { type: 'unknown' };

export type ScalarType = 'string' | 'number' | 'boolean' | 'null';

/** What a node's outputShape may ask about the flow around it. */
export type ShapeContext = {
  endpoint: {
    path: string;
    query: readonly { name: string; type: string }[];
    bodySchema: Readonly<Record<string, unknown>> | null;
  };
  /** The shape a JSONata expression evaluates to at this node's place in the flow (unknown when it cannot tell). */
  expression: (source: unknown) => Shape;
  /** A collection's records: the fields seen in the store when known, always an `id`. */
  collection: (name: unknown) => Shape;
};

export const UNKNOWN: Shape = { type: 'unknown' };
export const scalar = (type: ScalarType): Shape => ({ type });
export const arrayOf = (items: Shape): Shape => ({ type: 'array', items });
export const objectOf = (fields: Readonly<Record<string, Shape>>, open = false): Shape => ({ type: 'object', fields, open });
/** An object whose fields are not known in advance, e.g. headers. */
export const anyObject = (fields: Readonly<Record<string, Shape>> = {}): Shape => objectOf(fields, true);

/** How deep a sample or a schema is followed: outputs nest deeper rarely, and the data panel would not show more. */
const MAX_SHAPE_DEPTH = 8;
/** Array items looked at to learn their shape. */
const SAMPLE_ITEMS = 5;
/** Fields of one object kept: a sample could be a map of thousands of ids. */
const MAX_FIELDS = 200;

/** The shape of a value seen at run time; objects stay open, since another run may bring more fields. */
export function shapeOfSample(value: unknown, depth = 0): Shape {
  if (value === null) return scalar('null');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return scalar(typeof value as ScalarType);
  if (depth >= MAX_SHAPE_DEPTH || typeof value !== 'object') return UNKNOWN;
  if (Array.isArray(value)) {
    const items = value.slice(0, SAMPLE_ITEMS).map((item) => shapeOfSample(item, depth + 1));
    return arrayOf(items.reduce<Shape | undefined>((merged, item) => (merged ? mergeShapes(merged, item) : item), undefined) ?? UNKNOWN);
  }
  const fields: Record<string, Shape> = {};
  for (const name of Object.keys(value).slice(0, MAX_FIELDS)) fields[name] = shapeOfSample((value as Record<string, unknown>)[name], depth + 1);
  return anyObject(fields);
}

/** Two shapes a value may have (two branches, two samples): what they agree on, fields of both. */
export function mergeShapes(a: Shape, b: Shape): Shape {
  if (a.type === 'null') return b;
  if (b.type === 'null') return a;
  if (a.type === 'object' && b.type === 'object') {
    const fields: Record<string, Shape> = { ...a.fields };
    for (const [name, shape] of Object.entries(b.fields)) fields[name] = fields[name] ? mergeShapes(fields[name], shape) : shape;
    // A field of either may be there: only a name in neither is known to be missing.
    return objectOf(fields, a.open || b.open);
  }
  if (a.type === 'array' && b.type === 'array') return arrayOf(mergeShapes(a.items, b.items));
  return a.type === b.type ? a : UNKNOWN;
}

/**
 * The static shape, with a run's sample filling what it cannot tell: an unknown part takes the sample's
 * shape, an open object gains the fields the sample had. A sample never removes what the definition says.
 */
export function withSample(shape: Shape, sample: unknown, depth = 0): Shape {
  if (sample === undefined || depth >= MAX_SHAPE_DEPTH) return shape;
  if (shape.type === 'unknown') return shapeOfSample(sample, depth);
  if (shape.type === 'array' && Array.isArray(sample)) return sample.length > 0 ? arrayOf(withSample(shape.items, sample[0], depth + 1)) : shape;
  if (shape.type !== 'object' || typeof sample !== 'object' || sample === null || Array.isArray(sample)) return shape;
  const fields: Record<string, Shape> = {};
  const values = sample as Record<string, unknown>;
  for (const [name, field] of Object.entries(shape.fields)) fields[name] = withSample(field, values[name], depth + 1);
  if (shape.open) {
    for (const name of Object.keys(values).slice(0, MAX_FIELDS)) fields[name] ??= shapeOfSample(values[name], depth + 1);
  }
  return objectOf(fields, shape.open);
}

/** The JSON Schema types a shape can stand for; a union of several (other than with null) is unknown. */
function schemaType(schema: Record<string, unknown>): string | undefined {
  const { type } = schema;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const named = type.filter((name): name is string => typeof name === 'string' && name !== 'null');
    return named.length === 1 ? named[0] : undefined;
  }
  if (typeof schema.properties === 'object' && schema.properties !== null) return 'object';
  if (schema.items !== undefined) return 'array';
  const known = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : undefined;
  if (!known || known.length === 0) return undefined;
  const types = new Set(known.map((value) => (value === null ? 'null' : typeof value)));
  return types.size === 1 ? [...types][0] : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The shape of the values a JSON Schema accepts; references and unions it cannot follow are unknown. */
export function shapeOfSchema(schema: unknown, depth = 0): Shape {
  if (!isRecord(schema) || depth >= MAX_SHAPE_DEPTH) return UNKNOWN;
  const parts = Array.isArray(schema.allOf) ? schema.allOf.filter(isRecord) : [];
  if (parts.length > 0) {
    const { allOf: _parts, ...own } = schema;
    return parts.reduce<Shape>((merged, part) => intersect(merged, shapeOfSchema(part, depth + 1)), Object.keys(own).length > 0 ? shapeOfSchema(own, depth) : UNKNOWN);
  }
  const choices = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (choices && schema.type === undefined) {
    const shapes = choices.filter(isRecord).map((choice) => shapeOfSchema(choice, depth + 1));
    const merged = shapes.reduce<Shape | undefined>((all, shape) => (all ? mergeShapes(all, shape) : shape), undefined) ?? UNKNOWN;
    return merged.type === 'object' ? objectOf(merged.fields, true) : merged;
  }
  switch (schemaType(schema)) {
    case 'object': {
      const properties = isRecord(schema.properties) ? schema.properties : {};
      const fields: Record<string, Shape> = {};
      for (const name of Object.keys(properties).slice(0, MAX_FIELDS)) fields[name] = shapeOfSchema(properties[name], depth + 1);
      return objectOf(fields, schema.additionalProperties !== false || isRecord(schema.patternProperties));
    }
    case 'array':
      return arrayOf(shapeOfSchema(schema.items, depth + 1));
    case 'string':
      return scalar('string');
    case 'number':
    case 'integer':
      return scalar('number');
    case 'boolean':
      return scalar('boolean');
    case 'null':
      return scalar('null');
    default:
      return UNKNOWN;
  }
}

/** Both at once (allOf): an object has the fields of each part, and is closed only if every part is. */
function intersect(a: Shape, b: Shape): Shape {
  if (a.type === 'unknown') return b;
  if (b.type === 'unknown') return a;
  if (a.type === 'object' && b.type === 'object') {
    const fields: Record<string, Shape> = { ...a.fields };
    for (const [name, shape] of Object.entries(b.fields)) fields[name] = fields[name] ? intersect(fields[name], shape) : shape;
    return objectOf(fields, a.open && b.open);
  }
  return a;
}

/** A field of an object shape, through arrays as JSONata maps over them; undefined when it may not exist, unknown when it cannot tell. */
export function fieldShape(shape: Shape, name: string): Shape | undefined {
  if (shape.type === 'array') {
    const inner = fieldShape(shape.items, name);
    return inner === undefined ? undefined : inner.type === 'array' ? inner : arrayOf(inner);
  }
  if (shape.type !== 'object') return shape.type === 'unknown' ? UNKNOWN : undefined;
  return shape.fields[name] ?? (shape.open ? UNKNOWN : undefined);
}

/** The object an array shape holds, or the shape itself: where a path's next name is looked up. */
export const objectAt = (shape: Shape): Shape => (shape.type === 'array' ? objectAt(shape.items) : shape);

/** A short name of a shape's type for the data panel and completion: "text", "number", "list of object"… */
export function describeShape(shape: Shape): string {
  switch (shape.type) {
    case 'string':
      return 'text';
    case 'object':
      return 'object';
    case 'array':
      return `list of ${shape.items.type === 'unknown' ? 'values' : describeShape(shape.items)}`;
    default:
      return shape.type === 'unknown' ? 'any' : shape.type;
  }
}
