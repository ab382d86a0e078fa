import type { ApiTestInput, SuiteStep, TestRequest, TestSuiteInput } from '../../shared/model/api-tests.js';
import { HttpError } from '../http/errors.js';
import { compileExpression } from '../runtime/expressions.js';
import { expectationProblems } from './expectations.js';

/** What a test or suite may refer to: the workspace's APIs and key groups. */
export type TestReferences = { apiExists: (id: string) => boolean; keyGroupIds: ReadonlySet<string> };

/** What zod cannot see in a test: assertions that parse, a schema that is one, key groups that exist. */
export function checkTest(input: ApiTestInput, references: TestReferences): void {
  refuse([...requestProblems(input.request, references, 'request'), ...expectationProblems(input.expect)]);
}

/** The same for each step of a suite, plus APIs that exist and saved values that parse. */
export function checkSuite(input: TestSuiteInput, references: TestReferences): void {
  refuse(input.steps.flatMap((step, index) => stepProblems(step, references, `steps.${index}`)));
}

function stepProblems(step: SuiteStep, references: TestReferences, where: string): string[] {
  const problems = [...requestProblems(step.request, references, `${where}.request`), ...expectationProblems(step.expect, `${where}.expect`)];
  if (!references.apiExists(step.apiId)) problems.push(`${where}.apiId: there is no API "${step.apiId}"`);
  for (const [name, source] of Object.entries(step.save)) {
    try {
      compileExpression(source, `${where}.save.${name}`);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  return problems;
}

function requestProblems(request: TestRequest, references: TestReferences, where: string): string[] {
  const problems: string[] = [];
  if (request.body !== undefined && request.rawBody !== undefined) problems.push(`${where}: send the body either as a JSON value (body) or as text (rawBody), not both`);
  for (const id of request.token?.keyGroupIds ?? []) {
    if (!references.keyGroupIds.has(id)) problems.push(`${where}.token.keyGroupIds: there is no key group "${id}"`);
  }
  return problems;
}

function refuse(problems: string[]): void {
  if (problems.length > 0) throw new HttpError(400, 'invalid_test', `The test cannot be checked as it is: ${problems.join('; ')}`, problems);
}
