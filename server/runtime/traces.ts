import type { TraceStep } from '../../shared/model/runtime.js';
import { byEngine, type Storage } from '../storage/storage.js';
import { PostgresTraces } from '../workspace/postgres/traces.js';
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
 * Where a replica's kept traces also go so every replica's admin API finds them (PostgreSQL): the
 * editor's tester calls through a balancer, then asks its own replica. It gets traces already
 * redacted and bounded; `add` must return at once and never throw.
 */
export type SharedTraces = {
  add(trace: LiveTrace): void;
  get(requestId: string): Promise<LiveTrace | undefined>;
  close(): Promise<void>;
};

export type SecretsOf = (environment: string) => Iterable<string>;

/**
 * Traces of live requests that asked for one (the editor's tester sends `X-Flowgate-Trace: 1`),
 * in bounded memory, and shared with the other replicas where there are any. Ordinary traffic is
 * never traced, so it pays nothing for this.
 */
export class TraceStore {
  private readonly traces = new Map<string, LiveTrace>();

  /** `secretsOf` gives an environment's secret values, hidden from every step kept (outputs and error messages). */
  constructor(
    private readonly secretsOf: SecretsOf = () => [],
    private readonly shared?: SharedTraces,
  ) {}

  add(trace: LiveTrace): void {
    if (this.traces.size >= MAX_TRACES) {
      const oldest = this.traces.keys().next();
      if (!oldest.done) this.traces.delete(oldest.value);
    }
    const redact = secretRedactor(this.secretsOf(trace.environment));
    const kept = { ...trace, steps: trace.steps.map((step) => boundOutput(redact(step))) };
    this.traces.set(trace.requestId, kept);
    this.shared?.add(kept);
  }

  /** This replica's trace if it kept it, else one another replica kept. */
  async get(requestId: string): Promise<LiveTrace | undefined> {
    return this.traces.get(requestId) ?? (await this.shared?.get(requestId));
  }

  /** Hands the traces still queued for the other replicas over; before the workspace closes. */
  async close(): Promise<void> {
    await this.shared?.close();
  }
}

/** The store a server keeps: on PostgreSQL shared through the workspace, on SQLite (one replica) in memory only. */
export function traceStoreFor(storage: Storage, secretsOf: SecretsOf): TraceStore {
  return new TraceStore(secretsOf, byEngine<SharedTraces | undefined>(storage, { sqlite: () => undefined, postgres: (pg) => new PostgresTraces(pg) }));
}

function boundOutput(step: TraceStep): TraceStep {
  const text = JSON.stringify(step.output);
  if (text === undefined || text.length <= MAX_TRACE_OUTPUT_CHARS) return step;
  return { ...step, output: { truncated: true, note: `output of ${text.length} characters, too large to keep in a trace`, preview: text.slice(0, 2000) } };
}
