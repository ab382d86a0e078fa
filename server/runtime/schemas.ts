import { Ajv, type ErrorObject } from 'ajv';
import { linearRegExpForAjv } from '../../shared/compile/linear-regex.js';
import { SCHEMA_FORMATS } from './schema-formats.js';

/** One reason a value does not match its schema; `path` is a JSON pointer into the value ("" for the value itself). */
export type SchemaError = { path: string; message: string };
export type SchemaCheck = (value: unknown) => SchemaError[];

const AJV_OPTIONS = { allErrors: true, strict: false, logger: false, formats: SCHEMA_FORMATS, code: { regExp: linearRegExpForAjv } } as const;

let checker: Ajv | undefined;
/** Checks schemas against their meta-schema; it compiles no user schema, so its cache does not grow. */
const schemaChecker = (): Ajv => (checker ??= new Ajv(AJV_OPTIONS));

/** Checks by schema text, while some route or node still holds them: then they are let go with it. */
const compiledChecks = new Map<string, WeakRef<SchemaCheck>>();
const releasedChecks = new FinalizationRegistry<string>((text) => {
  if (compiledChecks.get(text)?.deref() === undefined) compiledChecks.delete(text);
});

/**
 * Compiles a JSON Schema once, at publish: a schema already compiled and still in use (the same body on
 * a new version, the same query parameter on many APIs) is not compiled again, since Ajv's code
 * generation was most of a publish. Each schema gets its own Ajv so that republishing does not grow a
 * shared cache and two APIs may use the same `$id`. Throws when the schema itself is invalid, or
 * names a `pattern` the linear-time engine cannot run: a caller's string never meets a backtracking matcher.
 */
export function compileSchema(schema: Record<string, unknown>): SchemaCheck {
  const text = JSON.stringify(schema);
  const known = compiledChecks.get(text)?.deref();
  if (known) return known;
  // The meta-schema is compiled once, on the shared checker: compiling it per schema was 4 ms of every publish.
  schemaChecker().validateSchema(schema, true);
  const ajv = new Ajv({ ...AJV_OPTIONS, validateSchema: false });
  const validate = ajv.compile(schema);
  const check: SchemaCheck = (value) => (validate(value) ? [] : (validate.errors ?? []).map(toSchemaError));
  compiledChecks.set(text, new WeakRef(check));
  releasedChecks.register(check, text);
  return check;
}

function toSchemaError(error: ErrorObject): SchemaError {
  const missing = error.keyword === 'required' ? (error.params as { missingProperty?: string }).missingProperty : undefined;
  const path = missing === undefined ? error.instancePath : `${error.instancePath}/${escapePointer(missing)}`;
  return { path, message: error.message ?? `fails ${error.keyword}` };
}

const escapePointer = (name: string): string => name.replace(/~/g, '~0').replace(/\//g, '~1');
