import { Ajv, type ErrorObject } from 'ajv';

/** One reason a value does not match its schema; `path` is a JSON pointer into the value ("" for the value itself). */
export type SchemaError = { path: string; message: string };
export type SchemaCheck = (value: unknown) => SchemaError[];

/** Formats builders reach for most; ajv knows none by itself and we do not ship ajv-formats. */
const COMMON_FORMATS = {
  date: /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/,
  'date-time': /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])[Tt ](?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/,
  time: /^(?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)?$/,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  uri: (value: string) => URL.canParse(value),
};

/**
 * Compiles a JSON Schema once, at publish. Each schema gets its own Ajv so that republishing does not
 * grow a shared cache and two APIs may use the same `$id`. Throws when the schema itself is invalid.
 */
export function compileSchema(schema: Record<string, unknown>): SchemaCheck {
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false, formats: COMMON_FORMATS });
  const validate = ajv.compile(schema);
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map(toSchemaError));
}

function toSchemaError(error: ErrorObject): SchemaError {
  const missing = error.keyword === 'required' ? (error.params as { missingProperty?: string }).missingProperty : undefined;
  const path = missing === undefined ? error.instancePath : `${error.instancePath}/${escapePointer(missing)}`;
  return { path, message: error.message ?? `fails ${error.keyword}` };
}

const escapePointer = (name: string): string => name.replace(/~/g, '~0').replace(/\//g, '~1');
