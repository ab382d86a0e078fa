import type { TestDiff, TestFailure, TestResponse } from '../../shared/api/tests.js';
import type { TestExpectations } from '../../shared/model/api-tests.js';
import type { FlowScope } from '../../shared/model/runtime.js';
import { NodeFailure } from '../executors/types.js';
import { compileExpression } from '../runtime/expressions.js';
import { compileSchema } from '../runtime/schemas.js';
import { describePath, jsonDiff } from './diff.js';

/** A server error fails a test that names no status: a test with no expectations still checks the flow answers. */
const FIRST_SERVER_ERROR = 500;

/** What an assertion sees: the answer, and the values earlier steps of a suite passed on. */
export type AnswerScope = TestResponse & { vars: Record<string, unknown> };

const assertionsOf = (expect: TestExpectations): string[] => (expect.assert === undefined ? [] : Array.isArray(expect.assert) ? expect.assert : [expect.assert]);

/** Why expectations cannot be checked at all (an assertion that does not parse, a schema that is not one); empty when they can. */
export function expectationProblems(expect: TestExpectations, where = 'expect'): string[] {
  const problems: string[] = [];
  for (const source of assertionsOf(expect)) {
    try {
      compileExpression(source, `${where}.assert`);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (expect.schema !== undefined) {
    try {
      compileSchema(expect.schema);
    } catch (error) {
      problems.push(`${where}.schema is not a JSON Schema Flowgate can check: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

/** Every expectation the answer misses, each with expected and actual; empty when the answer passes. */
export async function checkAnswer(expect: TestExpectations, answer: AnswerScope, durationMs: number): Promise<TestFailure[]> {
  const failures: TestFailure[] = [];
  if (expect.status !== undefined && expect.status !== answer.status) {
    failures.push({ check: 'status', message: `Expected status ${expect.status}, got ${answer.status}${errorNote(answer.body)}`, expected: expect.status, actual: answer.status });
  } else if (expect.status === undefined && answer.status >= FIRST_SERVER_ERROR) {
    failures.push({ check: 'status', message: `The API answered ${answer.status}${errorNote(answer.body)}; a test without an expected status passes on anything but a server error`, actual: answer.status });
  }
  if (expect.headers) {
    const diff = Object.entries(expect.headers).flatMap(([name, value]): TestDiff[] => {
      const actual = answer.headers[name.toLowerCase()];
      if (actual === undefined) return [{ path: name.toLowerCase(), kind: 'missing', expected: value }];
      return actual === value ? [] : [{ path: name.toLowerCase(), kind: 'changed', expected: value, actual }];
    });
    if (diff.length > 0) failures.push({ check: 'headers', message: `Headers differ: ${diff.map((d) => d.path).join(', ')}`, expected: expect.headers, actual: answer.headers, diff });
  }
  if (expect.body !== undefined) {
    const diff = jsonDiff(expect.body, answer.body, 'subset');
    if (diff.length > 0) failures.push({ check: 'body', message: `The body does not contain what was expected: ${summarise(diff)}`, expected: expect.body, actual: answer.body, diff });
  }
  if (expect.bodyEquals !== undefined) {
    const diff = jsonDiff(expect.bodyEquals, answer.body, 'equals');
    if (diff.length > 0) failures.push({ check: 'bodyEquals', message: `The body differs from the expected one: ${summarise(diff)}`, expected: expect.bodyEquals, actual: answer.body, diff });
  }
  for (const source of assertionsOf(expect)) {
    const failure = await checkAssertion(source, answer);
    if (failure) failures.push(failure);
  }
  if (expect.schema !== undefined) {
    const errors = compileSchema(expect.schema)(answer.body);
    if (errors.length > 0) {
      const listed = errors.slice(0, 5).map((error) => `${describePath(error.path)}: ${error.message}`).join('; ');
      failures.push({ check: 'schema', message: `The body does not match the schema: ${listed}`, expected: expect.schema, actual: answer.body });
    }
  }
  if (expect.maxLatencyMs !== undefined && durationMs > expect.maxLatencyMs) {
    failures.push({ check: 'latency', message: `Took ${round(durationMs)} ms, over the budget of ${expect.maxLatencyMs} ms`, expected: expect.maxLatencyMs, actual: round(durationMs) });
  }
  return failures;
}

/** An assertion passes when it gives exactly true; it runs with the same time and size bounds as a flow's expressions. */
async function checkAssertion(source: string, answer: AnswerScope): Promise<TestFailure | undefined> {
  let value: unknown;
  try {
    // The evaluator takes any JSON input; a flow's scope is just the usual one.
    value = await compileExpression(source, 'assert')(answer as unknown as FlowScope);
  } catch (error) {
    const message = error instanceof NodeFailure || error instanceof Error ? error.message : String(error);
    return { check: 'assert', message: `The assertion ${source} failed to run: ${message}`, expected: true };
  }
  if (value === true) return undefined;
  return { check: 'assert', message: `The assertion ${source} gave ${preview(value)}, not true`, expected: true, actual: value ?? null };
}

function summarise(diff: ReturnType<typeof jsonDiff>): string {
  const shown = diff.slice(0, 3).map((d) => {
    const where = describePath(d.path);
    if (d.kind === 'missing') return `${where} is missing (expected ${preview(d.expected)})`;
    if (d.kind === 'unexpected') return `${where} is not expected (got ${preview(d.actual)})`;
    return `${where} is ${preview(d.actual)}, expected ${preview(d.expected)}`;
  });
  return diff.length > 3 ? `${shown.join('; ')}; and ${diff.length - 3} more` : shown.join('; ');
}

/** ` (not_found: no user 7)` from an error answer's body. */
function errorNote(body: unknown): string {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof error?.code === 'string' ? ` (${error.code}${typeof error.message === 'string' ? `: ${error.message}` : ''})` : '';
}

const PREVIEW_CHARS = 80;
export function preview(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
}

const round = (ms: number): number => Math.round(ms * 10) / 10;
