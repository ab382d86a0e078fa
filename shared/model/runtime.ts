/** What a flow's expressions see. Field names are part of the product: builders type them. */
export type RequestContext = {
  method: string;
  path: string;
  /** Text, or a number where the endpoint declares the parameter a number. */
  params: Record<string, string | number>;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body: unknown;
  ip: string;
};

export type TokenContext = {
  id: string;
  name: string;
  environment: string;
  groups: string[];
  scopes: string[];
  vars: Record<string, string>;
};

export type EnvContext = { name: string; vars: Record<string, string> };

export type FlowScope = {
  request: RequestContext;
  token: TokenContext | null;
  env: EnvContext;
  steps: Record<string, unknown>;
};

/** How a flow ended. Terminal nodes produce one of these. */
export type FlowOutcome =
  | { kind: 'respond'; status: number; headers: Record<string, string>; body: unknown }
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'fail'; status: number; code: string; message: string };

/** One executed node, as the tester and the canvas show it. */
export type TraceStep = {
  nodeId: string;
  key: string;
  type: string;
  port: string | null;
  output: unknown;
  durationMs: number;
  error?: { code: string; message: string };
};

export type RunResult = {
  requestId: string;
  response: { status: number; headers: Record<string, string>; body: unknown };
  trace: TraceStep[];
  durationMs: number;
  /** The sandbox the run wrote to; null when it was a throwaway one, deleted after the run. */
  sandbox: string | null;
  /** Hosts the draft tried to call that its session has not allowed (the run stopped there). */
  callsToAllow: string[];
};
