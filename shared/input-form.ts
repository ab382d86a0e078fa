import { z } from 'zod';

/**
 * The input form: the fields an endpoint (or a Validate node) accepts, as a builder fills them in a
 * table. It is not stored: `formToSchema` turns it into the JSON Schema that is, and `schemaToForm`
 * (input-form-read.ts) reads a schema back when the table can still show all of it.
 */
export const INPUT_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array'] as const;
export type InputType = (typeof INPUT_TYPES)[number];

/** The formats the runtime checks (server/runtime/schema-formats.ts) that a form offers. */
export const INPUT_FORMATS = ['email', 'uri', 'date', 'date-time', 'uuid'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** What an array's items may be in the form; an array of objects with their own fields needs the JSON Schema. */
export const ITEM_TYPES = ['string', 'number', 'integer', 'boolean', 'object'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** The types that take a list of allowed values. */
export const ENUM_TYPES: ReadonlySet<InputType> = new Set(['string', 'number', 'integer']);

/** Fields nested inside object fields, at most this deep: deeper bodies are written as JSON Schema. */
export const MAX_FORM_DEPTH = 4;
export const MAX_FORM_FIELDS = 200;

export type EnumValue = string | number;

export type InputField = {
  name: string;
  type: InputType;
  required: boolean;
  description?: string;
  /** Strings only. */
  format?: InputFormat;
  /** The least and most: a number's value, a string's length in characters, an array's number of items. */
  min?: number;
  max?: number;
  /** The only values allowed (strings and numbers). */
  enum?: EnumValue[];
  /** A value of the field's type, shown in documentation and used by "Insert example". */
  example?: unknown;
  /** Arrays only: what each item is; none means any JSON value. */
  items?: ItemType;
  /** Objects only: their own fields; none means any JSON object. */
  fields?: InputField[];
  /** Objects with fields: whether names not listed are accepted too. */
  acceptOthers?: boolean;
};

/** A whole form: the fields of one JSON object. Names not listed are refused unless `acceptOthers`. */
export type InputForm = { fields: InputField[]; acceptOthers: boolean };

const FieldSchema: z.ZodType<InputField> = z.lazy(() =>
  z.object({
    name: z.string().trim().min(1, 'a field needs a name').max(100),
    type: z.enum(INPUT_TYPES),
    required: z.boolean().default(false),
    description: z.string().max(1000).optional(),
    format: z.enum(INPUT_FORMATS).optional(),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    enum: z.array(z.union([z.string().max(1000), z.number().finite()])).min(1).max(100).optional(),
    example: z.unknown().optional(),
    items: z.enum(ITEM_TYPES).optional(),
    fields: z.array(FieldSchema).max(MAX_FORM_FIELDS).optional(),
    acceptOthers: z.boolean().optional(),
  }),
) as z.ZodType<InputField>;

/** An input form as an admin route takes it (e.g. a template's collection fields). */
export const InputFormSchema = z.object({
  fields: z.array(FieldSchema).max(MAX_FORM_FIELDS),
  acceptOthers: z.boolean().default(false),
});

type Json = Record<string, unknown>;

/** The JSON Schema of a whole form: an object with its fields as properties. */
export function formToSchema(form: InputForm): Json {
  return objectSchema(form.fields, form.acceptOthers);
}

function objectSchema(fields: readonly InputField[], acceptOthers: boolean): Json {
  const schema: Json = { type: 'object', properties: Object.fromEntries(fields.map((field) => [field.name, fieldSchema(field)])) };
  const required = fields.filter((field) => field.required).map((field) => field.name);
  if (required.length > 0) schema.required = required;
  if (!acceptOthers) schema.additionalProperties = false;
  return schema;
}

/** The JSON Schema of one field, keywords in a fixed order so saved schemas diff well. */
export function fieldSchema(field: InputField): Json {
  const schema: Json = { type: field.type };
  if (field.description) schema.description = field.description;
  const [low, high] = BOUND_KEYWORDS[field.type] ?? [];
  switch (field.type) {
    case 'string':
      if (field.format) schema.format = field.format;
      break;
    case 'array':
      if (field.items) schema.items = { type: field.items };
      break;
    case 'object':
      if (field.fields) Object.assign(schema, objectSchema(field.fields, field.acceptOthers ?? false));
      break;
    default:
      break;
  }
  if (ENUM_TYPES.has(field.type) && field.enum && field.enum.length > 0) schema.enum = [...field.enum];
  if (low && field.min !== undefined) schema[low] = field.min;
  if (high && field.max !== undefined) schema[high] = field.max;
  if (field.example !== undefined) schema.examples = [field.example];
  return schema;
}

/** What Min and Max mean for each type, as JSON Schema keywords. */
export const BOUND_KEYWORDS: Readonly<Partial<Record<InputType, readonly [string, string]>>> = {
  string: ['minLength', 'maxLength'],
  number: ['minimum', 'maximum'],
  integer: ['minimum', 'maximum'],
  array: ['minItems', 'maxItems'],
};

/** Whether Min and Max count (lengths, items: whole numbers from 0) rather than bound a value. */
export const countsBounds = (type: InputType): boolean => type === 'string' || type === 'array';

/** "length", "value" or "number of items": what a type's Min and Max are about, for labels and messages. */
export function boundsNoun(type: InputType): string | null {
  if (type === 'string') return 'length';
  if (type === 'array') return 'number of items';
  return type === 'number' || type === 'integer' ? 'value' : null;
}
