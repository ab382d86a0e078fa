import { BODY_METHODS, pathParamNames, type HttpMethod, type QueryParam } from '../../shared/model/api.js';
import { exampleFromSchema } from '../../shared/schema-example.js';

/** One line of the query or headers table; unticked lines are kept but not sent. */
export type Row = { id: string; name: string; value: string; enabled: boolean };

/** What the tester sends for one API: path params by name, query and header lines, the body as typed. */
export type RequestDraft = { params: Record<string, string>; query: Row[]; headers: Row[]; body: string };

/** The parts of an endpoint the tester reads. */
export type TestedEndpoint = { method: HttpMethod; path: string; query: readonly QueryParam[]; bodySchema: Record<string, unknown> | null };

/** A request ready to go out, without its Authorization header (the token is added where it is sent or shown). */
export type OutgoingRequest = { method: HttpMethod; url: string; headers: [string, string][]; body: string | undefined };

/** Row ids differ from those of rows kept from before a reload, which carry another page's prefix. */
const ROW_ID_PREFIX = `r${Math.random().toString(36).slice(2, 7)}-`;
let nextRow = 1;
export function newRow(name = '', value = '', enabled = true): Row {
  return { id: `${ROW_ID_PREFIX}${nextRow++}`, name, value, enabled };
}

export const hasBody = (method: HttpMethod): boolean => BODY_METHODS.has(method);

/** A body to start from: the schema's example, else an empty object. */
export function exampleBody(schema: Record<string, unknown> | null): string {
  return JSON.stringify(schema ? exampleFromSchema(schema) : {}, null, 2);
}

/** A fresh request for an endpoint: the declared query params (ticked when required or defaulted) and an example body. */
export function initialDraft(endpoint: TestedEndpoint): RequestDraft {
  return {
    params: Object.fromEntries(pathParamNames(endpoint.path).map((name) => [name, ''])),
    query: endpoint.query.map((param) => newRow(param.name, param.default === undefined ? '' : String(param.default), param.required || param.default !== undefined)),
    headers: [],
    body: hasBody(endpoint.method) ? exampleBody(endpoint.bodySchema) : '',
  };
}

/** Keeps a remembered request in step with an edited endpoint: params follow the path, newly declared query params appear. */
export function reconcileDraft(draft: RequestDraft, endpoint: TestedEndpoint): RequestDraft {
  const names = pathParamNames(endpoint.path);
  const params = Object.fromEntries(names.map((name) => [name, draft.params[name] ?? '']));
  const known = new Set(draft.query.map((row) => row.name));
  const added = endpoint.query.filter((param) => !known.has(param.name));
  const sameParams = names.length === Object.keys(draft.params).length && names.every((name) => name in draft.params);
  if (sameParams && added.length === 0) return draft;
  return { ...draft, params, query: [...draft.query, ...added.map((param) => newRow(param.name, param.default === undefined ? '' : String(param.default), param.required))] };
}

export function missingParams(path: string, params: Record<string, string>): string[] {
  return pathParamNames(path).filter((name) => !params[name]);
}

const sent = (rows: readonly Row[]): Row[] => rows.filter((row) => row.enabled && row.name.trim() !== '');

/** `/users/:id` with `{id: '4 2'}` → `/users/4%202`; an empty param stays `:id`, so the URL shows what is missing. */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) => (params[name] ? encodeURIComponent(params[name]) : whole));
}

export function requestUrl(runtimeUrl: string, environment: string, endpoint: TestedEndpoint, draft: RequestDraft): string {
  const path = fillPath(endpoint.path, draft.params);
  const base = `${runtimeUrl.replace(/\/+$/, '')}/${environment}${path === '/' ? '' : path}`;
  const search = sent(draft.query)
    .map((row) => `${encodeURIComponent(row.name.trim())}=${encodeURIComponent(row.value)}`)
    .join('&');
  return search ? `${base}?${search}` : base;
}

/** Header lines to send; an Authorization line typed by hand is left out, since the token field owns it. */
export function headerPairs(rows: readonly Row[]): [string, string][] {
  return sent(rows)
    .filter((row) => row.name.trim().toLowerCase() !== 'authorization')
    .map((row) => [row.name.trim(), row.value]);
}

/** The query as test-run takes it: a name given twice becomes a list. */
export function queryRecord(rows: readonly Row[]): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const row of sent(rows)) {
    const name = row.name.trim();
    const known = record[name];
    record[name] = known === undefined ? row.value : [...(Array.isArray(known) ? known : [known]), row.value];
  }
  return record;
}

export function outgoingRequest(runtimeUrl: string, environment: string, endpoint: TestedEndpoint, draft: RequestDraft): OutgoingRequest {
  const headers = headerPairs(draft.headers);
  const body = hasBody(endpoint.method) && draft.body.trim() !== '' ? draft.body : undefined;
  if (body !== undefined && !headers.some(([name]) => name.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'application/json']);
  return { method: endpoint.method, url: requestUrl(runtimeUrl, environment, endpoint, draft), headers, body };
}

/** The body as JSON for a test-run, or why it is not JSON. */
export function parseBody(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (failure) {
    return { ok: false, message: failure instanceof Error ? failure.message : String(failure) };
  }
}
