import type { TraceStep } from '../model/runtime.js';
import { answer, defineRoute } from './contract.js';

/** A live request's path through its flow, kept so the tester can light it up on the canvas. */
export type LiveTrace = {
  requestId: string;
  time: string;
  environment: string;
  apiId: string;
  version: number;
  steps: TraceStep[];
};

/** Traces of live requests that sent `X-Flowgate-Trace: 1`, kept briefly in memory (404 once gone). */
export const traceRoutes = {
  get: defineRoute({ method: 'GET', path: '/logs/traces/:requestId', answer: answer<LiveTrace>() }),
};
