import jsonata from 'jsonata';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlowScope } from '../../../shared/model/runtime.js';
import { Deadlines } from '../../../server/runtime/deadlines.js';
import { DeadlineExceeded, prepareFlow, runFlow } from '../../../server/runtime/engine.js';
import { boundedPad } from '../../../server/runtime/bounded-functions.js';
import { MAX_EXPRESSION_STRING_CHARS, TIME_SLICE_MS } from '../../../server/runtime/expression-budget.js';
import { compileExpression, MAX_EXPRESSION_ARRAY_ITEMS } from '../../../server/runtime/expressions.js';
import { scopeOf, testServices } from '../executors/helpers.js';
import { planOf } from './plan-of.js';

/** A short deadline keeps the tests quick; answers must come within it plus half a second. */
const DEADLINE_MS = 400;
const GRACE_MS = 500;
/**
 * While an expression runs, a 1 ms timer must keep firing: at least this many times, and never more than
 * MAX_STALL_MS apart (generous: on a loaded shared machine the process itself waits for a core).
 */
const MIN_TICKS = 3;
const MAX_STALL_MS = 300;

let deadlines: Deadlines | undefined;
afterEach(() => deadlines?.close());

/** Runs Request → transform(expression) → Respond under a real deadline; resolves how it ended and how the event loop fared. */
async function runTransform(expression: string, query: Record<string, unknown> = {}): Promise<{ error: unknown; elapsedMs: number; loop: EventLoopWatch }> {
  const flow = prepareFlow(
    planOf(
      [
        { key: 'request', type: 'request' },
        { key: 'work', type: 'transform', config: { expression } },
        { key: 'ok', type: 'respond', config: { status: 200, body: 'steps.work' } },
      ],
      [['request', 'out', 'work'], ['work', 'out', 'ok']],
    ),
    testServices(),
  );
  deadlines = new Deadlines(DEADLINE_MS);
  const run = deadlines.start('req_limits', () => undefined);
  const watch = watchEventLoop();
  const started = performance.now();
  const error = await runFlow(flow, scopeOf({ query }), run).then(() => null, (caught: unknown) => caught);
  const elapsedMs = performance.now() - started;
  deadlines.finish(run);
  return { error, elapsedMs, loop: watch.stop() };
}

type EventLoopWatch = { ticks: number; longestGapMs: number };

/** How often a 1 ms timer fired, and its longest gap: how long nothing else could run. */
function watchEventLoop(): { stop: () => EventLoopWatch } {
  let last = performance.now();
  let longest = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    ticks++;
  }, 1);
  return {
    stop: () => {
      clearInterval(timer);
      return { ticks, longestGapMs: Math.max(longest, performance.now() - last) };
    },
  };
}

function expectResponsive(loop: EventLoopWatch): void {
  expect(loop.ticks).toBeGreaterThanOrEqual(MIN_TICKS);
  expect(loop.longestGapMs).toBeLessThan(MAX_STALL_MS);
}

describe('expressions stop at the request deadline', () => {
  it.each([
    ['an endless tail-recursive loop', '($f := function($n) { $f($n + 1) }; $f(0))'],
    ['a loop that builds a list', '($f := function($n, $acc) { $f($n + 1, $append($acc, $n)) }; $f(0, []))'],
    ['nested maps over big ranges', '$sum([1..100000].($x := $; [1..100000].($ * $x) ~> $count()))'],
    ['a sort with a slow comparator', '$sort([1..50000], function($a, $b) { $sum([1..100]) > 0 and $a < $b })'],
  ])('%s ends with DeadlineExceeded, and the event loop keeps running', async (_, expression) => {
    const { error, elapsedMs, loop } = await runTransform(expression);
    expect(error).toBeInstanceOf(DeadlineExceeded);
    expect(elapsedMs).toBeGreaterThanOrEqual(DEADLINE_MS - 5);
    expect(elapsedMs).toBeLessThan(DEADLINE_MS + GRACE_MS);
    expectResponsive(loop);
  });

  it('hands the event loop back between expressions, not only within one (20 transforms of $sum([1..n]))', async () => {
    const flow = prepareFlow(
      planOf(
        [
          { key: 'request', type: 'request' },
          { key: 'sums', type: 'set', config: { fields: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`s${i}`, '$sum([1..$number(request.query.n)])'])) } },
          { key: 'ok', type: 'respond', config: { status: 200, body: 'steps.sums' } },
        ],
        [['request', 'out', 'sums'], ['sums', 'out', 'ok']],
      ),
      testServices(),
    );
    deadlines = new Deadlines(10_000);
    const run = deadlines.start('req_sums', () => undefined);
    const watch = watchEventLoop();
    const outcome = await runFlow(flow, scopeOf({ query: { n: String(MAX_EXPRESSION_ARRAY_ITEMS) } }), run);
    const loop = watch.stop();
    deadlines.finish(run);
    expect(outcome).toMatchObject({ kind: 'respond', body: { s0: 5000050000, s19: 5000050000 } });
    expectResponsive(loop);
  });

  it('lets an expression that finishes in time finish', async () => {
    const { error } = await runTransform('$sum([1..1000].($ * 2))');
    expect(error).toBeNull();
  });
});

describe('expression size limits', () => {
  const scope: FlowScope = scopeOf({ query: { n: '10000000' } });

  it(`caps ranges at ${MAX_EXPRESSION_ARRAY_ITEMS} items (the issue's $string([1..10000000]) fails at once)`, async () => {
    const started = performance.now();
    await expect(compileExpression('$string([1..10000000])')(scope)).rejects.toMatchObject({ code: 'expression_too_large', message: expect.stringContaining(`more than ${MAX_EXPRESSION_ARRAY_ITEMS} items`) });
    await expect(compileExpression('[1..$number(request.query.n)]')(scope)).rejects.toMatchObject({ code: 'expression_too_large' });
    expect(performance.now() - started).toBeLessThan(500);
    expect(await compileExpression(`$count([1..${MAX_EXPRESSION_ARRAY_ITEMS}])`)(scope)).toBe(MAX_EXPRESSION_ARRAY_ITEMS);
  });

  it('caps the arrays an expression builds, but not the data it passes on', async () => {
    const items = Array.from({ length: MAX_EXPRESSION_ARRAY_ITEMS + 1 }, (_, i) => i);
    const big = scopeOf({ body: { items } });
    expect(await compileExpression('request.body.items')(big)).toBe(items);
    expect(await compileExpression('$count(request.body.items)')(big)).toBe(items.length);
    await expect(compileExpression('request.body.items.($ + 1)')(big)).rejects.toMatchObject({ code: 'expression_too_large', message: expect.stringContaining(`more than ${MAX_EXPRESSION_ARRAY_ITEMS} items`) });
  });

  it('stops a string that doubles itself at the string limit', async () => {
    const doubling = compileExpression('($f := function($s) { $f($s & $s) }; $f("x"))');
    await expect(doubling(scope)).rejects.toMatchObject({ code: 'expression_too_large', message: expect.stringContaining(`at most ${MAX_EXPRESSION_STRING_CHARS}`) });
  });

  it('refuses $pad beyond the string limit before building anything', async () => {
    const started = performance.now();
    await expect(compileExpression('$pad("", 1000000000)')(scope)).rejects.toMatchObject({ code: 'expression_too_large' });
    await expect(compileExpression('$pad("", -20000000, "ab")')(scope)).rejects.toMatchObject({ code: 'expression_too_large' });
    expect(performance.now() - started).toBeLessThan(100);
  });

  it.each([
    ['abc', 6, undefined], ['abc', -6, undefined], ['abc', 6, '-'], ['abc', -7, 'xy'], ['abc', 2, undefined], ['😀', 4, '🙂x'],
    ['abc', 5.9, ''], ['', 3, '😀'], ['ab', -3.5, '#'],
  ])('pads %j to %d with %j as JSONata does', async (text, width, padding) => {
    const builtin: unknown = await jsonata(padding === undefined ? '$pad(t, w)' : '$pad(t, w, p)').evaluate({ t: text, w: width, p: padding });
    expect(boundedPad(text, width, padding)).toBe(builtin);
  });

  it('keeps JSONata\'s depth limit for runaway recursion', async () => {
    await expect(compileExpression('($f := function($n) { 1 + $f($n + 1) }; $f(0))')(scope)).rejects.toMatchObject({ code: 'expression_failed', message: expect.stringContaining('Stack overflow') });
  });

  it(`keeps slices of the event loop short (${TIME_SLICE_MS} ms) outside a flow run too`, async () => {
    const watch = watchEventLoop();
    await expect(compileExpression('($f := function($n) { $f($n + 1) }; $f(0))')(scope)).rejects.toMatchObject({ code: 'deadline_exceeded' });
    expectResponsive(watch.stop());
  });
});
