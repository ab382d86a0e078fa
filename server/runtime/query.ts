import { fieldSchema } from '../../shared/input-form.js';
import type { PathParam, QueryParam } from '../../shared/model/api.js';
import { compileSchema, type SchemaCheck } from './schemas.js';

export type RawQuery = Record<string, string | string[]>;
export type QueryProblem = { name: string; message: string };
export type QueryCoercer = (raw: RawQuery) => { query: Record<string, unknown> } | { problems: QueryProblem[] };
export type ParamsCoercer = (raw: Record<string, string>) => { params: Record<string, string | number> } | { problems: QueryProblem[] };

/** Query parameters that would put a token in URLs, logs and browser history: refused outright. */
const TOKEN_QUERY_PARAMS = ['access_token', 'token', 'api_key'] as const;

/** The first query parameter that carries a token, or undefined when none does. */
export function tokenInQuery(raw: RawQuery): string | undefined {
  for (const name of TOKEN_QUERY_PARAMS) if (raw[name] !== undefined) return name;
  return undefined;
}

/** The 400 for query parameters that are missing or of the wrong type, naming each. */
export const invalidQueryMessage = (problems: readonly QueryProblem[]): string => problems.map((p) => p.message).join('; ');

/**
 * Builds, once per API version, the function that checks declared query parameters, turns them
 * into their types and fills defaults. Undeclared parameters pass through as strings.
 */
export function compileQueryParams(params: readonly QueryParam[]): QueryCoercer {
  if (params.length === 0) return (raw) => ({ query: raw });
  const checks = new Map(params.map((param) => [param.name, constraintCheck(param)]));
  return (raw) => {
    const query: Record<string, unknown> = { ...raw };
    let problems: QueryProblem[] | undefined;
    for (const param of params) {
      const value = raw[param.name];
      const text = Array.isArray(value) ? value[value.length - 1] : value;
      if (text === undefined || text === '') {
        if (param.default !== undefined) query[param.name] = param.default;
        else if (param.required) (problems ??= []).push({ name: param.name, message: `the query parameter "${param.name}" is required` });
        continue;
      }
      const converted = convert(text, param.type);
      if (converted === undefined) {
        (problems ??= []).push({ name: param.name, message: `the query parameter "${param.name}" must be ${article(param.type)}, not "${text}"` });
      } else {
        const broken = checks.get(param.name)?.(converted)[0];
        if (broken) (problems ??= []).push({ name: param.name, message: `the query parameter "${param.name}" ${constraintMessage(param, broken.message)}, not "${text}"` });
        else query[param.name] = converted;
      }
    }
    return problems ? { problems } : { query };
  };
}

/**
 * Builds, once per API version, the function that reads declared path parameters as their types and checks
 * their format, bounds and allowed values. Undeclared ones stay text; none declared, the params pass as they are.
 */
export function compilePathParams(declared: readonly PathParam[]): ParamsCoercer {
  if (declared.length === 0) return (raw) => ({ params: raw });
  const checks = new Map(declared.map((param) => [param.name, constraintCheck({ ...param, required: true })]));
  return (raw) => {
    const params: Record<string, string | number> = { ...raw };
    let problems: QueryProblem[] | undefined;
    for (const param of declared) {
      const text = raw[param.name];
      if (text === undefined) continue;
      const converted = convert(text, param.type);
      const broken = converted === undefined ? `must be ${article(param.type)}` : checks.get(param.name)?.(converted)[0]?.message;
      if (broken) (problems ??= []).push({ name: param.name, message: `the path parameter "${param.name}" ${converted === undefined ? broken : constraintMessage(param, broken)}, not "${text}"` });
      else params[param.name] = converted as string | number;
    }
    return problems ? { problems } : { params };
  };
}

function convert(text: string, type: QueryParam['type']): unknown {
  switch (type) {
    case 'string':
      return text;
    case 'number': {
      const number = Number(text);
      return text.trim() !== '' && Number.isFinite(number) ? number : undefined;
    }
    case 'integer': {
      const number = Number(text);
      return /^-?\d+$/.test(text) && Number.isSafeInteger(number) ? number : undefined;
    }
    case 'boolean':
      return text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : undefined;
  }
}

/** The declared format, bounds and allowed values as a schema check, compiled once; none when the parameter declares none. */
function constraintCheck(param: Omit<QueryParam, 'type' | 'default'> & { type: QueryParam['type'] }): SchemaCheck | undefined {
  if (param.format === undefined && param.min === undefined && param.max === undefined && param.enum === undefined) return undefined;
  const { example: _example, ...constraints } = param;
  return compileSchema(fieldSchema({ ...constraints, required: param.required }));
}

/** Ajv's words, with the allowed values named rather than alluded to. */
const constraintMessage = (param: Pick<QueryParam, 'enum'>, message: string): string =>
  param.enum && /allowed values/.test(message) ? `must be one of ${param.enum.map((value) => JSON.stringify(value)).join(', ')}` : message;

const article = (type: string): string => (type === 'integer' ? 'an integer' : `a ${type}`);
