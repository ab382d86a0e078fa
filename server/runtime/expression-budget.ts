import type { RunContext } from '../executors/types.js';
import { NodeFailure } from '../executors/types.js';

/**
 * JSONata evaluates as a chain of microtasks, so a loop in an expression never lets a timer or a
 * socket run: not the deadline's sweeper, not another caller. Its `__evaluate_exit` hook, called
 * after every step, is where we look at the clock (every few steps), hand the event loop back
 * between time slices, and stop at the request's deadline.
 */

/** Steps between two looks at the clock: a step costs about a microsecond, Date.now() a few dozen nanoseconds. */
export const CLOCK_CHECK_STEPS = 16;
/** A step that produced this many items was a heavy one (a range, a map): look at the clock after it regardless. */
const HEAVY_STEP_ITEMS = 1024;
/** Longest stretch an evaluation keeps the event loop before letting timers and other requests run. */
export const TIME_SLICE_MS = 10;
/** An evaluation outside a flow run (no deadline of its own) stops after this long. */
export const UNBOUND_EVALUATION_MS = 1_000;
/** The deadline's sweeper runs every ≤100 ms; past this wait the evaluation stops even if it never came. */
const EXPIRY_WAIT_MS = 500;
/** The most characters one step may produce; more is a runaway concatenation, not data (bodies stop at 5 MB). */
export const MAX_EXPRESSION_STRING_CHARS = 10_000_000;

/** The binding that carries an evaluation's budget: JSONata cannot name a variable with a space in it. */
export const BUDGET_BINDING = 'flowgate budget';
const BUDGET_SLOT = Symbol('flowgate budget');

/** What one request's evaluations share: its deadline, the time slice they run in, and their steps since the clock was read. */
export class RunBudget {
  sliceStarted = Date.now();
  steps = 0;
  /** Counts the slices begun, so an evaluation that waited knows whether another one already took a fresh slice. */
  private slice = 0;

  constructor(
    readonly deadline: number,
    private readonly run: RunContext | undefined,
  ) {}

  /** Undefined to go on at once; a Promise to wait on (a yielded slice) or that rejects (out of time). */
  check(): Promise<void> | undefined {
    const now = Date.now();
    if (now >= this.deadline || this.run?.expired) return this.outOfTime();
    if (now - this.sliceStarted < TIME_SLICE_MS) return undefined;
    return this.nextSlice();
  }

  /**
   * Resumes after the event loop has had a turn. Evaluations of one run that waited together resume in
   * the same turn: the first takes a fresh slice, the others share it while it lasts, then wait again.
   */
  private nextSlice(): Promise<void> {
    let waitedIn = this.slice;
    return new Promise<void>((resume) => {
      const attempt = (): void => {
        const now = Date.now();
        if (this.slice === waitedIn) {
          this.slice++;
          this.sliceStarted = now;
          resume();
        } else if (now - this.sliceStarted < TIME_SLICE_MS) {
          resume();
        } else {
          waitedIn = this.slice;
          setImmediate(attempt);
        }
      };
      setImmediate(attempt);
    });
  }

  /** Waits for the run to expire, so the 504 is the deadline's (answered once, by its sweeper), then stops. */
  private outOfTime(): Promise<never> {
    const run = this.run;
    const stop = new ExpressionOutOfTime();
    if (!run || run.expired) return Promise.reject(stop);
    return new Promise<never>((_, reject) => {
      const fail = (): void => {
        clearTimeout(timer);
        reject(stop);
      };
      const timer = setTimeout(fail, EXPIRY_WAIT_MS);
      run.signal.addEventListener('abort', fail, { once: true });
    });
  }
}

export class ExpressionOutOfTime extends NodeFailure {
  constructor() {
    super('deadline_exceeded', 'the expression ran out of time');
  }
}

const budgets = new WeakMap<object, RunBudget>();

/** Ties a flow's scope to its run, so every expression evaluated against it stops at the run's deadline. */
export function bindRunBudget(scope: object, run: RunContext): void {
  budgets.set(scope, new RunBudget(run.deadline ?? Number.POSITIVE_INFINITY, run));
}

/** The budget an evaluation against `scope` runs under: its run's, or a short one of its own outside a run. */
export function evaluationBudget(scope: object): RunBudget {
  return budgets.get(scope) ?? new RunBudget(Date.now() + UNBOUND_EVALUATION_MS, undefined);
}

type Frame = { base: Frame & { [BUDGET_SLOT]?: RunBudget }; lookup(name: string): unknown };

/** JSONata's `__evaluate_exit` hook: caps the strings a step produces and checks the clock every few steps and after heavy ones. */
export function onStepExit(_expression: unknown, _input: unknown, environment: Frame, result: unknown): Promise<void> | undefined {
  const base = environment.base;
  let budget = base[BUDGET_SLOT];
  if (budget === undefined) {
    budget = (base.lookup(BUDGET_BINDING) as RunBudget | undefined) ?? evaluationBudget(base);
    base[BUDGET_SLOT] = budget;
  }
  if (typeof result === 'string' && result.length > MAX_EXPRESSION_STRING_CHARS) {
    throw new NodeFailure('expression_too_large', `a step produced ${result.length} characters; an expression may produce at most ${MAX_EXPRESSION_STRING_CHARS}`);
  }
  if (++budget.steps < CLOCK_CHECK_STEPS && !(Array.isArray(result) && result.length >= HEAVY_STEP_ITEMS)) return undefined;
  budget.steps = 0;
  return budget.check();
}
