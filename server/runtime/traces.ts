import type { TraceStep } from '../../shared/model/runtime.js';
import { secretRedactor } from './redact-secrets.js';

/** A live request's path through its flow, kept so the tester can light it up on the canvas. */
export type LiveTrace = {
  requestId: string;
  time: string;
  environment: string;
  apiId: string;
  version: number;
  steps: TraceStep[];
};

/** Recent traces only: the oldest goes once this many are kept. */
export const MAX_TRACES = 200;
/** A step output larger than this (as JSON) is kept as a note, so a few big bodies cannot fill memory. */
export const MAX_TRACE_OUTPUT_CHARS = 64 * 1024;

/**
 * Traces of live requests that asked for one (the editor's tester sends `X-Flowgate-Trace: 1`),
 * in bounded memory. Ordinary traffic is never traced, so it pays nothing for this.
 */
export class TraceStore {
  private readonly traces = new Map<string, LiveTrace>();

  /** `secretsOf` gives an environment's secret values, hidden from every step kept (outputs and error messages). */
  constructor(private readonly secretsOf: (environment: string) => Iterable<string> = () => []) {}

  add(trace: LiveTrace): void {
    if (this.traces.size >= MAX_TRACES) {
      const oldest = this.traces.keys().next();
      if (!oldest.done) this.traces.delete(oldest.value);
    }
    const redact = secretRedactor(this.secretsOf(trace.environment));
    this.traces.set(trace.requestId, { ...trace, steps: trace.steps.map((step) => boundOutput(redact(step))) });
  }

  get(requestId: string): LiveTrace | undefined {
    return this.traces.get(requestId);
  }
}

function boundOutput(step: TraceStep): TraceStep {
  const text = JSON.stringify(step.output);
  if (text === undefined || text.length <= MAX_TRACE_OUTPUT_CHARS) return step;
  return { ...step, output: { truncated: true, note: `output of ${text.length} characters, too large to keep in a trace`, preview: text.slice(0, 2000) } };
}
