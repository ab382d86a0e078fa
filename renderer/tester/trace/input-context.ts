import type { TraceStep } from '../../../shared/model/runtime.js';
import type { TraceOrigin } from '../../stores/run-trace.js';

/** A step's view for the popover: the scope it ran against and what it gave. */
export type StepView = {
  step: TraceStep;
  /** 1-based position in the run. */
  position: number;
  input: { request: unknown; token: unknown; env: unknown; steps: Record<string, unknown> };
};

/**
 * The scope a node saw, rebuilt from the steps before it: the request (the Request node's output),
 * the token and environment from the origin, and every earlier step's output under its key. Terminal
 * and failed steps put nothing into `steps`, as in the engine.
 */
export function stepView(trace: readonly TraceStep[], nodeId: string, origin: TraceOrigin | null): StepView | null {
  const index = trace.findIndex((step) => step.nodeId === nodeId);
  if (index === -1) return null;
  const before = trace.slice(0, index);
  const steps: Record<string, unknown> = {};
  for (const step of before) if (step.port !== null && !step.error) steps[step.key] = step.output;
  const request = trace.find((step) => step.type === 'request')?.output ?? null;
  return {
    step: trace[index]!,
    position: index + 1,
    input: { request, token: origin?.token ?? null, env: origin?.env ?? null, steps },
  };
}

/** The `jti` (token id) of a JWT, read without verifying: only to name the token in the trace's scope. */
export function tokenIdOf(jwt: string): string | null {
  const payload = jwt.split('.')[1];
  if (!payload) return null;
  try {
    const text = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const claims = JSON.parse(text) as { jti?: unknown };
    return typeof claims.jti === 'string' ? claims.jti : null;
  } catch {
    return null;
  }
}
