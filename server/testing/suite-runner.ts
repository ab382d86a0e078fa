import type { SuiteResult, SuiteStepResult, TestFailure } from '../../shared/api/tests.js';
import type { SuiteStep, TestRequest, TestSuite } from '../../shared/model/api-tests.js';
import type { FlowScope } from '../../shared/model/runtime.js';
import { compileExpression, toPlainJson } from '../runtime/expressions.js';
import { throwawaySandboxId } from '../workspace/sandboxes.js';
import { checkAnswer, type AnswerScope } from './expectations.js';
import { seedFixtures } from './fixtures.js';
import { notSent, round, versionLabel, type RunContext } from './run-context.js';
import { sendTestRequest } from './send-request.js';
import { TargetProblem } from './targets.js';
import { fillText, fillValues } from './templates.js';

/**
 * Runs a suite's steps in order in one sandbox (its fixtures seeded first), each step's saved
 * values filling `{{name}}` in the steps after it; the first failed step ends the suite and the
 * steps after it are reported as not run.
 */
export async function runSuite(context: RunContext, suite: TestSuite): Promise<SuiteResult> {
  const started = performance.now();
  const sandbox = throwawaySandboxId();
  const environment = context.environment ?? suite.environment;
  const steps: SuiteStepResult[] = [];
  await context.sandboxes.touch(sandbox);
  try {
    await seedFixtures(context.deps.storage, context.deps.liveRecords, sandbox, suite.fixtures);
    let vars: Record<string, unknown> = {};
    let failedStep: string | undefined;
    for (const step of suite.steps) {
      if (failedStep !== undefined) {
        steps.push({ ...(await identityOf(context, step, environment)), ...notSent(`Not run: the step "${failedStep}" before it failed`), vars: {} });
        continue;
      }
      const result = await runStep(context, step, environment, sandbox, vars);
      steps.push(result);
      vars = { ...vars, ...result.vars };
      if (!result.passed) failedStep = step.name;
    }
  } catch (error) {
    const message = `The suite could not run: ${error instanceof Error ? error.message : String(error)}`;
    for (const step of suite.steps.slice(steps.length)) steps.push({ ...(await identityOf(context, step, environment)), ...notSent(message), vars: {} });
  } finally {
    await context.sandboxes.delete(sandbox);
  }
  return { suiteId: suite.id, name: suite.name, passed: steps.every((step) => step.passed), steps, durationMs: round(performance.now() - started) };
}

async function identityOf(context: RunContext, step: SuiteStep, environment: string) {
  return { name: step.name, apiId: step.apiId, apiName: (await context.deps.apis.get(step.apiId))?.name ?? step.apiId, environment, version: versionLabel(context.target) };
}

async function runStep(context: RunContext, step: SuiteStep, environment: string, sandbox: string, vars: Record<string, unknown>): Promise<SuiteStepResult> {
  let target;
  try {
    target = await context.targets.get(step.apiId, environment, context.target);
  } catch (error) {
    if (!(error instanceof TargetProblem)) throw error;
    return { ...(await identityOf(context, step, environment)), ...notSent(error.message), vars: {} };
  }
  const identity = { name: step.name, apiId: step.apiId, apiName: target.apiName, environment, version: target.version };
  let request: TestRequest;
  let expect: SuiteStep['expect'];
  try {
    request = { ...step.request, ...fillValues({ body: step.request.body, rawBody: step.request.rawBody }, vars), params: fillText(step.request.params, vars), headers: fillText(step.request.headers, vars), query: fillValues(step.request.query, vars) };
    expect = { ...step.expect, ...fillValues({ headers: step.expect.headers, body: step.expect.body, bodyEquals: step.expect.bodyEquals }, vars) };
  } catch (error) {
    return { ...identity, ...notSent(error instanceof Error ? error.message : String(error)), vars: {} };
  }
  const sent = await sendTestRequest(context.pipeline, context.tokens, target, request, step.outbound, sandbox, `suite step: ${step.name}`);
  context.coverage.add(target.apiId, target.version, target.definition, sent.trace);
  const scope: AnswerScope = { ...sent.response, vars };
  const failures = await checkAnswer(expect, scope, sent.durationMs);
  const saved = failures.length === 0 ? await saveValues(step.save, scope, failures) : {};
  return target.redact({ ...identity, passed: failures.length === 0, failures, response: sent.response, nodeError: sent.nodeError, requestId: sent.requestId, durationMs: round(sent.durationMs), vars: saved });
}

/** Each saved value from its expression over the answer; one that gives nothing is a failure of the step. */
async function saveValues(save: Record<string, string>, scope: AnswerScope, failures: TestFailure[]): Promise<Record<string, unknown>> {
  const saved: Record<string, unknown> = {};
  for (const [name, source] of Object.entries(save)) {
    try {
      // The evaluator takes any JSON input; a flow's scope is just the usual one.
      const value = toPlainJson(await compileExpression(source, `save.${name}`)(scope as unknown as FlowScope));
      if (value === undefined) failures.push({ check: 'save', message: `save.${name} (${source}) gave nothing: the answer has no such value` });
      else saved[name] = value;
    } catch (error) {
      failures.push({ check: 'save', message: error instanceof Error ? error.message : String(error) });
    }
  }
  return saved;
}
