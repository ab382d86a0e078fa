import { AdminApiError, errorMessage } from '../api/errors.js';
import type { FormProblem } from './suite-form.js';

/** What a refused save says, by field (see fieldOf) and in one list for the top of the editor; `listFields[i]` is the field `list[i]` is about ('' for none). */
export type SuiteProblems = { fields: Readonly<Record<string, string>>; list: string[]; listFields: string[] };

export const NO_PROBLEMS: SuiteProblems = { fields: {}, list: [], listFields: [] };

/** Problems that name no field, shown at the top only. */
const unplaced = (list: string[]): SuiteProblems => ({ fields: {}, list, listFields: list.map(() => '') });

const REQUEST_PARTS: Record<string, string> = { params: 'path parameters', query: 'query', headers: 'headers', body: 'body', rawBody: 'body', token: 'token' };
const EXPECT_PARTS: Record<string, string> = {
  status: 'expected status',
  headers: 'expected headers',
  body: 'body it contains',
  bodyEquals: 'whole body',
  assert: 'assertions',
  schema: 'JSON Schema',
  maxLatencyMs: 'time budget',
};
const TOP_FIELDS: Record<string, string> = { name: 'Name', description: 'Description', environment: 'Environment', steps: 'Steps', fixtures: 'Records seeded before the run' };
const STUB_PARTS: Record<string, string> = { method: 'method', url: 'URL', status: 'status', headers: 'headers', body: 'body' };

/** A seeded collection's field (`fixtures.0.records.3.id` → `fixtures.0.records`). */
function fixtureField(index: string, part: string, collections: readonly string[]): { field: string; where: string } {
  const name = collections[Number(index)]?.trim();
  const where = `Records seeded before the run, ${name ? `collection “${name}”` : `collection ${Number(index) + 1}`}`;
  return part === 'collection' ? { field: `fixtures.${index}.collection`, where: `${where}: name` } : { field: `fixtures.${index}.records`, where };
}

/** A step's outbound field (`outbound.stubs.0.url`, `outbound.allowHosts.2`) and how to say where it is. */
function outboundField(at: string, step: string, sub: string, rest: readonly string[]): { field: string; where: string } {
  const [stub = '', part = ''] = rest;
  if (sub === 'allowHosts') return { field: `${at}.outbound.allowHosts`, where: `${step}: allowed hosts` };
  if (sub === 'stubs' && /^\d+$/.test(stub)) {
    const label = STUB_PARTS[part];
    return { field: `${at}.outbound.stubs.${stub}.${label ? part : 'url'}`, where: `${step}: outbound stub ${Number(stub) + 1}${label ? ` ${label}` : ''}` };
  }
  return { field: `${at}.outbound.stubs`, where: `${step}: outbound stubs` };
}

/** The editor's field a server path names (`steps.1.request.params.id` → `steps.1.request.params`), and how to say where it is. */
export function fieldOf(path: string, stepNames: readonly string[], collections: readonly string[] = []): { field: string; where: string } {
  const [top = '', index = '', part = '', sub = '', ...rest] = path.split('.');
  if (top === 'fixtures' && /^\d+$/.test(index)) return fixtureField(index, part, collections);
  if (top !== 'steps' || !/^\d+$/.test(index)) return { field: top in TOP_FIELDS ? top : '', where: TOP_FIELDS[top] ?? 'The suite' };
  const stepName = stepNames[Number(index)];
  const step = `Step ${Number(index) + 1}${stepName ? ` “${stepName}”` : ''}`;
  const at = `steps.${index}`;
  if (part === 'name') return { field: `${at}.name`, where: `${step}: name` };
  if (part === 'apiId') return { field: `${at}.apiId`, where: `${step}: API` };
  if (part === 'request' && sub in REQUEST_PARTS) return { field: `${at}.request.${sub === 'rawBody' ? 'body' : sub}`, where: `${step}: ${REQUEST_PARTS[sub]}` };
  if (part === 'expect' && sub in EXPECT_PARTS) return { field: `${at}.expect.${sub}`, where: `${step}: ${EXPECT_PARTS[sub]}` };
  if (part === 'outbound') return outboundField(at, step, sub, rest);
  if (part === 'save') {
    const name = [sub, ...rest].join('.');
    return { field: `${at}.save.${name}`, where: `${step}: saved value${name ? ` “${name}”` : ''}` };
  }
  return { field: at, where: step };
}

/** zod's wording of the usual refusals, said as a builder would. */
function plainWords(message: string, path: string): string {
  if (/^Too small: expected string to have >=1 characters?$/.test(message)) return 'cannot be empty';
  if (path === 'steps' && /^Too small: expected array/.test(message)) return 'a suite needs at least one step: add one below';
  const small = /^Too small: expected number to be >=?(\d+)$/.exec(message);
  if (small) return `must be at least ${small[1]}`;
  const big = /^Too big: expected (string|number|array) to (?:have|be) <=?(\d+)/.exec(message);
  if (big) return big[1] === 'string' ? `is longer than ${big[2]} characters` : big[1] === 'array' ? `holds at most ${big[2]}` : `must be at most ${big[2]}`;
  return message;
}

/** `steps.0.save.id: Unknown function $foo` (or `fixtures.0.…`): the path the server's check starts its sentence with, and the rest. */
const CHECK_PROBLEM = /^((?:steps|fixtures)\.\d+(?:\.[A-Za-z0-9_]+)*)(?::\s*|\s+)([\s\S]*)$/;

function collect(entries: readonly { path: string; message: string }[], stepNames: readonly string[], collections: readonly string[]): SuiteProblems {
  const fields: Record<string, string> = {};
  const list: string[] = [];
  const listFields: string[] = [];
  for (const { path, message } of entries) {
    const { field, where } = fieldOf(path, stepNames, collections);
    const words = plainWords(message, path);
    if (field !== '' && fields[field] === undefined) fields[field] = words;
    list.push(`${where}: ${words}`);
    listFields.push(field);
  }
  return { fields, list, listFields };
}

/** Problems of the form itself (text that is not JSON), before anything is sent. */
export function formProblems(problems: readonly FormProblem[], stepNames: readonly string[], collections: readonly string[] = []): SuiteProblems {
  const fields: Record<string, string> = {};
  const list = problems.map((problem) => {
    fields[problem.field] ??= problem.message;
    return `${fieldOf(problem.field, stepNames, collections).where.split(':')[0]}: ${problem.message}`;
  });
  return { fields, list, listFields: problems.map((problem) => problem.field) };
}

/** A refused save in plain words, by field where the server names one: 400s (zod and the suite's checks), a taken name. */
export function saveProblems(failure: unknown, stepNames: readonly string[], collections: readonly string[] = []): SuiteProblems {
  if (!(failure instanceof AdminApiError)) return unplaced([errorMessage(failure)]);
  if (failure.code === 'duplicate_test_name') return { fields: { name: failure.message }, list: [failure.message], listFields: ['name'] };
  if (failure.status === 400 && failure.code === 'invalid_input' && Array.isArray(failure.details)) {
    const entries = (failure.details as unknown[]).flatMap((detail) => {
      const { path, message } = (detail ?? {}) as { path?: unknown; message?: unknown };
      return typeof path === 'string' && typeof message === 'string' ? [{ path, message }] : [];
    });
    if (entries.length > 0) return collect(entries, stepNames, collections);
  }
  if (failure.status === 400 && failure.code === 'invalid_test' && Array.isArray(failure.details)) {
    const entries = (failure.details as unknown[]).flatMap((detail) => {
      const match = typeof detail === 'string' ? CHECK_PROBLEM.exec(detail) : null;
      return match ? [{ path: match[1]!, message: match[2]! }] : typeof detail === 'string' ? [{ path: '', message: detail }] : [];
    });
    if (entries.length > 0) return collect(entries, stepNames, collections);
  }
  return unplaced([failure.message]);
}
