import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../shared/compile/plan.js';
import type { TraceStep } from '../../../shared/model/runtime.js';
import { DeadlineExceeded, FlowNodeError, MAX_STEPS, prepareFlow, runFlow } from '../../../server/runtime/engine.js';
import { MemoryRecordStore } from '../executors/memory-record-store.js';
import { runContext, scopeOf, testServices } from '../executors/helpers.js';
import { planOf } from './plan-of.js';

/** The "Get user" flow of DESIGN.md. */
const getUser = planOf(
  [
    { key: 'request', type: 'request' },
    { key: 'user', type: 'record.get', config: { collection: 'users', id: 'request.params.id' } },
    { key: 'ok', type: 'respond', config: { status: 200, body: 'steps.user' } },
    { key: 'notFound', type: 'fail', config: { status: 404, code: 'not_found', message: "'no user ' & request.params.id" } },
  ],
  [['request', 'out', 'user'], ['user', 'found', 'ok'], ['user', 'missing', 'notFound']],
);

async function usersStore(): Promise<MemoryRecordStore> {
  const records = new MemoryRecordStore();
  await records.insert('users', { id: '1', name: 'Ada' });
  return records;
}

describe('runFlow: Get user', () => {
  it('answers 200 with the record when found, keeping each output under steps.<key>', async () => {
    const flow = prepareFlow(getUser, testServices({ records: await usersStore() }));
    const scope = scopeOf({ path: '/users/1', params: { id: '1' } });
    const outcome = await runFlow(flow, scope, runContext());
    expect(outcome).toEqual({ kind: 'respond', status: 200, headers: {}, body: { id: '1', name: 'Ada' } });
    expect(scope.steps).toEqual({ request: scope.request, user: { id: '1', name: 'Ada' } });
  });

  it('fails 404 when missing', async () => {
    const flow = prepareFlow(getUser, testServices({ records: await usersStore() }));
    const outcome = await runFlow(flow, scopeOf({ params: { id: '42' } }), runContext());
    expect(outcome).toEqual({ kind: 'fail', status: 404, code: 'not_found', message: 'no user 42' });
  });

  it('traces every executed node with its port, output and duration', async () => {
    const flow = prepareFlow(getUser, testServices({ records: await usersStore() }));
    const scope = scopeOf({ params: { id: '1' } });
    const trace: TraceStep[] = [];
    await runFlow(flow, scope, runContext(), trace);
    expect(trace).toEqual([
      { nodeId: 'id_request', key: 'request', type: 'request', port: 'out', output: scope.request, durationMs: expect.any(Number) },
      { nodeId: 'id_user', key: 'user', type: 'record.get', port: 'found', output: { id: '1', name: 'Ada' }, durationMs: expect.any(Number) },
      { nodeId: 'id_ok', key: 'ok', type: 'respond', port: null, output: { kind: 'respond', status: 200, headers: {}, body: { id: '1', name: 'Ada' } }, durationMs: expect.any(Number) },
    ]);
    expect(trace.every((step) => step.durationMs >= 0)).toBe(true);
  });

  it('serves concurrent runs from one prepared flow', async () => {
    const flow = prepareFlow(getUser, testServices({ records: await usersStore() }));
    const outcomes = await Promise.all(['1', '2', '1'].map((id) => runFlow(flow, scopeOf({ params: { id } }), runContext())));
    expect(outcomes.map((outcome) => outcome.status)).toEqual([200, 404, 200]);
  });
});

describe('runFlow: branches and data', () => {
  it('follows condition ports and reads earlier steps', async () => {
    const plan = planOf(
      [
        { key: 'request', type: 'request' },
        { key: 'total', type: 'transform', config: { expression: '$sum(request.body.items.price)' } },
        { key: 'big', type: 'condition', config: { expression: 'steps.total > 100' } },
        { key: 'yes', type: 'respond', config: { body: '{"total": steps.total, "big": true}' } },
        { key: 'no', type: 'respond', config: { body: '{"total": steps.total, "big": steps.big}' } },
      ],
      [['request', 'out', 'total'], ['total', 'out', 'big'], ['big', 'true', 'yes'], ['big', 'false', 'no']],
    );
    const flow = prepareFlow(plan, testServices());
    const run = (prices: number[]) => runFlow(flow, scopeOf({ body: { items: prices.map((price) => ({ price })) } }), runContext());
    expect(await run([80, 30])).toMatchObject({ body: { total: 110, big: true } });
    expect(await run([5])).toMatchObject({ body: { total: 5, big: false } });
  });
});

describe('runFlow: failures', () => {
  const failing = planOf(
    [
      { key: 'request', type: 'request' },
      { key: 'broken', type: 'transform', config: { expression: '$number("x") + {}' } },
      { key: 'ok', type: 'respond' },
    ],
    [['request', 'out', 'broken'], ['broken', 'out', 'ok']],
  );

  it('turns a NodeFailure into a FlowNodeError naming the node, and traces it', async () => {
    const trace: TraceStep[] = [];
    const error = await runFlow(prepareFlow(failing, testServices()), scopeOf(), runContext(), trace).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FlowNodeError);
    expect(error).toMatchObject({ nodeId: 'id_broken', key: 'broken', code: 'expression_failed' });
    expect(trace.map((step) => step.key)).toEqual(['request', 'broken']);
    expect(trace[1]).toMatchObject({ port: null, error: { code: 'expression_failed', message: expect.stringMatching(/^expression: /) } });
  });

  it('wraps any other error as node_error', async () => {
    const records = new MemoryRecordStore();
    records.get = () => Promise.reject(new Error('disk on fire'));
    const error = await runFlow(prepareFlow(getUser, testServices({ records })), scopeOf({ params: { id: '1' } }), runContext()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'FlowNodeError', key: 'user', code: 'node_error', message: 'disk on fire' });
  });

  it('refuses at prepare time a node whose config does not build', () => {
    const plan = planOf([{ key: 'request', type: 'request' }, { key: 'bad', type: 'transform', config: { expression: 'request.(' } }], [['request', 'out', 'bad']]);
    expect(() => prepareFlow(plan, testServices())).toThrow(expect.objectContaining({ name: 'FlowNodeError', key: 'bad', code: 'invalid_expression' }));
  });

  it('refuses at prepare time a node type without an executor', () => {
    const plan: Plan = { start: 0, nodes: [{ id: 'n1', key: 'x', type: 'teleport', typeVersion: 1, config: {}, next: {} }] };
    expect(() => prepareFlow(plan, testServices())).toThrow(expect.objectContaining({ code: 'unknown_node_type' }));
  });

  it('refuses at prepare time a node version newer than the server runs', () => {
    const plan = planOf([{ key: 'request', type: 'request' }, { key: 'later', type: 'transform', typeVersion: 2 }], [['request', 'out', 'later']]);
    expect(() => prepareFlow(plan, testServices())).toThrow(
      expect.objectContaining({ name: 'FlowNodeError', key: 'later', code: 'unknown_type_version', message: expect.stringContaining('version 2 of node type "transform"') }),
    );
  });

  it('refuses at prepare time a config value that does not fit its field, whoever made the plan', () => {
    const wrongKind = planOf([{ key: 'request', type: 'request' }, { key: 'ok', type: 'respond', config: { status: '200' } }], [['request', 'out', 'ok']]);
    expect(() => prepareFlow(wrongKind, testServices())).toThrow(expect.objectContaining({ key: 'ok', code: 'invalid_config', message: 'status must be a whole number' }));
    const badHeader = planOf([{ key: 'request', type: 'request' }, { key: 'ok', type: 'respond', config: { headers: { 'x bad': '1' } } }], [['request', 'out', 'ok']]);
    expect(() => prepareFlow(badHeader, testServices())).toThrow(expect.objectContaining({ key: 'ok', code: 'invalid_config', message: expect.stringContaining('"x bad" is not a valid name') }));
  });

  it('fails on a port that leads nowhere', async () => {
    const plan = planOf([{ key: 'request', type: 'request' }, { key: 'check', type: 'condition', config: { expression: 'false' } }, { key: 'ok', type: 'respond' }], [['request', 'out', 'check'], ['check', 'true', 'ok']]);
    await expect(runFlow(prepareFlow(plan, testServices()), scopeOf(), runContext())).rejects.toMatchObject({ key: 'check', code: 'unconnected_port' });
  });

  it('stops a looping plan at the step budget', async () => {
    const plan = planOf([{ key: 'request', type: 'request' }, { key: 'again', type: 'transform', config: { expression: '1' } }], [['request', 'out', 'again'], ['again', 'out', 'again']]);
    const trace: TraceStep[] = [];
    await expect(runFlow(prepareFlow(plan, testServices()), scopeOf(), runContext(), trace)).rejects.toMatchObject({ code: 'step_budget_exceeded' });
    expect(trace).toHaveLength(MAX_STEPS);
  });
});

describe('runFlow: deadline', () => {
  it('throws DeadlineExceeded when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(runFlow(prepareFlow(getUser, testServices()), scopeOf(), runContext(controller.signal))).rejects.toBeInstanceOf(DeadlineExceeded);
  });

  it('stops between steps once the signal is aborted mid-run', async () => {
    const controller = new AbortController();
    const records = await usersStore();
    const get = records.get.bind(records);
    records.get = (collection, id) => (controller.abort(), get(collection, id));
    const trace: TraceStep[] = [];
    const error = await runFlow(prepareFlow(getUser, testServices({ records })), scopeOf({ params: { id: '1' } }), runContext(controller.signal), trace).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeadlineExceeded);
    expect(error).toMatchObject({ nodeKey: 'ok' });
    expect(trace.map((step) => step.key)).toEqual(['request', 'user']);
  });
});
