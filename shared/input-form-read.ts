import {
  BOUND_KEYWORDS,
  ENUM_TYPES,
  INPUT_FORMATS,
  INPUT_TYPES,
  ITEM_TYPES,
  MAX_FORM_DEPTH,
  countsBounds,
  formToSchema,
  type EnumValue,
  type InputField,
  type InputForm,
  type InputType,
} from './input-form.js';

type Json = Record<string, unknown>;

/** A schema the form can show, or why it cannot (in words that end "…, so edit it as JSON Schema"). */
export type FormReading = { ok: true; form: InputForm } | { ok: false; reason: string };

const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const has = (schema: Json, key: string): boolean => Object.hasOwn(schema, key);

/** Keywords that say nothing a form loses: `$schema` names the dialect, `additionalProperties: true` is the default. */
const IGNORED_KEYWORDS = new Set(['$schema']);

class Unformable extends Error {}
const refuse = (reason: string): never => {
  throw new Unformable(reason);
};

/**
 * The form of a JSON Schema when the table can show every keyword it uses: an object whose properties
 * are typed fields with the form's constraints. Anything else (`$ref`, `oneOf`, `pattern`, a type list…)
 * stays JSON Schema. A reading is only given when turning it back gives the same schema.
 */
export function schemaToForm(schema: unknown): FormReading {
  try {
    if (!isJson(schema)) refuse('the schema is not an object');
    const root = schema as Json;
    if (root.type !== 'object') refuse('the body is not described as an object ("type": "object")');
    const { fields, acceptOthers } = readObject(root, '', 0, new Set(['type', 'properties', 'required', 'additionalProperties', ...IGNORED_KEYWORDS]));
    const form = { fields, acceptOthers };
    if (!sameSchema(formToSchema(form), root)) refuse('it uses keywords the form does not keep');
    return { ok: true, form };
  } catch (error) {
    if (error instanceof Unformable) return { ok: false, reason: error.message };
    throw error;
  }
}

function readObject(schema: Json, where: string, depth: number, allowed: ReadonlySet<string>): { fields: InputField[]; acceptOthers: boolean } {
  const extra = Object.keys(schema).find((key) => !allowed.has(key));
  if (extra !== undefined) refuse(`${where || 'the body'} uses "${extra}"`);
  const properties = schema.properties ?? {};
  if (!isJson(properties)) refuse(`${where || 'the body'} has "properties" that are not an object`);
  const required = schema.required ?? [];
  if (!Array.isArray(required) || !required.every((name) => typeof name === 'string' && Object.hasOwn(properties as Json, name))) {
    refuse(`${where || 'the body'} requires a field it does not list`);
  }
  const others = schema.additionalProperties;
  if (others !== undefined && typeof others !== 'boolean') refuse(`${where || 'the body'} describes the fields it does not list ("additionalProperties")`);
  const names = new Set(required as string[]);
  const fields = Object.entries(properties as Json).map(([name, property]) => readField(name, property, names.has(name), where ? `${where}.${name}` : name, depth));
  return { fields, acceptOthers: others !== false };
}

const FIELD_KEYWORDS: Readonly<Record<InputType, readonly string[]>> = {
  string: ['format', 'minLength', 'maxLength', 'enum'],
  number: ['minimum', 'maximum', 'enum'],
  integer: ['minimum', 'maximum', 'enum'],
  boolean: [],
  array: ['items', 'minItems', 'maxItems'],
  object: ['properties', 'required', 'additionalProperties'],
};
const COMMON_KEYWORDS = ['type', 'description', 'examples', 'example'];

function readField(name: string, schema: unknown, required: boolean, where: string, depth: number): InputField {
  if (!isJson(schema)) refuse(`the field "${where}" is not described by an object`);
  const property = schema as Json;
  const type = property.type;
  if (typeof type !== 'string' || !(INPUT_TYPES as readonly string[]).includes(type)) {
    refuse(`the field "${where}" has ${type === undefined ? 'no type' : `the type ${JSON.stringify(type)}`}`);
  }
  const kind = type as InputType;
  const allowed = new Set([...COMMON_KEYWORDS, ...FIELD_KEYWORDS[kind]]);
  const extra = Object.keys(property).find((key) => !allowed.has(key));
  if (extra !== undefined) refuse(`the field "${where}" uses "${extra}"`);
  const field: InputField = { name, type: kind, required };
  if (has(property, 'description')) field.description = text(property.description, where, 'description');
  if (has(property, 'format')) {
    if (!(INPUT_FORMATS as readonly unknown[]).includes(property.format)) refuse(`the field "${where}" has the format ${JSON.stringify(property.format)}`);
    field.format = property.format as InputField['format'];
  }
  const [low, high] = BOUND_KEYWORDS[kind] ?? [];
  if (low && has(property, low)) field.min = bound(property[low], kind, where);
  if (high && has(property, high)) field.max = bound(property[high], kind, where);
  if (ENUM_TYPES.has(kind) && has(property, 'enum')) field.enum = enumValues(property.enum, kind, where);
  readExample(property, field, where);
  if (kind === 'array' && has(property, 'items')) field.items = itemType(property.items, where);
  if (kind === 'object' && (has(property, 'properties') || has(property, 'required') || has(property, 'additionalProperties'))) {
    if (depth + 1 >= MAX_FORM_DEPTH) refuse(`the field "${where}" nests deeper than ${MAX_FORM_DEPTH} levels`);
    const nested = readObject(property, where, depth + 1, new Set([...allowed]));
    field.fields = nested.fields;
    field.acceptOthers = nested.acceptOthers;
  }
  return field;
}

function readExample(property: Json, field: InputField, where: string): void {
  if (has(property, 'examples')) {
    const examples = property.examples;
    if (!Array.isArray(examples) || examples.length !== 1 || has(property, 'example')) refuse(`the field "${where}" has more than one example`);
    field.example = (examples as unknown[])[0];
  } else if (has(property, 'example')) {
    field.example = property.example;
  }
}

function text(value: unknown, where: string, keyword: string): string {
  if (typeof value !== 'string') refuse(`the field "${where}" has a ${keyword} that is not text`);
  return value as string;
}

function bound(value: unknown, type: InputType, where: string): number {
  const whole = countsBounds(type);
  if (typeof value !== 'number' || !Number.isFinite(value) || (whole && (!Number.isInteger(value) || value < 0))) {
    refuse(`the field "${where}" has a bound that is not ${whole ? 'a whole number' : 'a number'}`);
  }
  return value as number;
}

function enumValues(value: unknown, type: InputType, where: string): EnumValue[] {
  const fits = (item: unknown): boolean => (type === 'string' ? typeof item === 'string' : typeof item === 'number' && (type === 'number' || Number.isInteger(item)));
  if (!Array.isArray(value) || value.length === 0 || !value.every(fits)) refuse(`the field "${where}" allows values of another type than its own`);
  return [...(value as EnumValue[])];
}

function itemType(value: unknown, where: string): InputField['items'] {
  if (!isJson(value) || Object.keys(value).some((key) => key !== 'type') || !(ITEM_TYPES as readonly unknown[]).includes(value.type)) {
    refuse(`the items of "${where}" are described in more detail than a type`);
  }
  return (value as Json).type as InputField['items'];
}

/** Equal as schemas: the same keywords and values in any order, `example` as `examples: [x]`, defaults left out. */
function sameSchema(a: unknown, b: unknown): boolean {
  return canonical(normalise(a)) === canonical(normalise(b));
}

/** Sorted keys, so two objects with the same entries print the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (!isJson(value)) return JSON.stringify(value) ?? 'undefined';
  const entries = Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
}

/** A schema with what means nothing taken out, walking only into places that hold schemas. */
function normalise(schema: unknown): unknown {
  if (!isJson(schema)) return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (IGNORED_KEYWORDS.has(key)) continue;
    if (key === 'additionalProperties' && value === true) continue;
    if (key === 'required' && Array.isArray(value)) {
      if (value.length > 0) out.required = [...(value as unknown[])].map(String).sort();
    } else if (key === 'properties' && isJson(value)) {
      if (Object.keys(value).length > 0) out.properties = Object.fromEntries(Object.entries(value).map(([name, item]) => [name, normalise(item)]));
    } else if (key === 'items') {
      out.items = normalise(value);
    } else if (key === 'example') {
      out.examples = [value];
    } else {
      out[key] = value;
    }
  }
  return out;
}
