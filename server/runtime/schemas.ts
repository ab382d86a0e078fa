import { Ajv, type ErrorObject } from 'ajv';
import { linearRegExpForAjv } from '../../shared/compile/linear-regex.js';
import { SCHEMA_FORMATS } from './schema-formats.js';

/** One reason a value does not match its schema; `path` is a JSON pointer into the value ("" for the value itself). */
export type SchemaError = { path: string; message: string };
export type SchemaCheck = (value: unknown) => SchemaError[];

/**
 * Compiles a JSON Schema once, at publish. Each schema gets its own Ajv so that republishing does not
 * grow a shared cache and two APIs may use the same `$id`. Throws when the schema itself is invalid, or
 * names a `pattern` the linear-time engine cannot run: a caller's string never meets a backtracking matcher.
 */
export function compileSchema(schema: Record<string, unknown>): SchemaCheck {
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false, formats: SCHEMA_FORMATS, code: { regExp: linearRegExpForAjv } });
  const validate = ajv.compile(schema);
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map(toSchemaError));
}

function toSchemaError(error: ErrorObject): SchemaError {
  const missing = error.keyword === 'required' ? (error.params as { missingProperty?: string }).missingProperty : undefined;
  const path = missing === undefined ? error.instancePath : `${error.instancePath}/${escapePointer(missing)}`;
  return { path, message: error.message ?? `fails ${error.keyword}` };
}

const escapePointer = (name: string): string => name.replace(/~/g, '~0').replace(/\//g, '~1');
