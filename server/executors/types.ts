import type { PlanNode } from '../../shared/compile/plan.js';
import type { FlowOutcome, FlowScope } from '../../shared/model/runtime.js';
import type { NodeDefinitionOf, NodeType } from '../../shared/nodes/registry.js';
import type { OutboundFetch } from '../net/outbound.js';
import type { RecordStore } from '../workspace/record-store.js';
import type { PreparedConfig } from './config.js';

/** What executors may use. They never import Express or the database directly. */
export type ExecutorServices = {
  records: RecordStore;
  /**
   * Outbound HTTP for http.request, told the caller's environment (whose outbound settings apply)
   * and whether to follow redirects; a parameter so tests and replicas can swap it (plain fetch fits).
   */
  fetch: OutboundFetch;
  /** The server's log, for the log node. */
  log: (entry: { level: 'debug' | 'info' | 'warn' | 'error'; message: string; requestId: string; nodeKey: string }) => void;
};

/** Per-request facts an executor may need besides the scope. */
export type RunContext = {
  requestId: string;
  /** Aborted when the request's deadline passes; made on first use, since most flows never wait on I/O. */
  readonly signal: AbortSignal;
  /** True once the deadline has passed: the engine reads it between steps without making a signal. */
  readonly expired: boolean;
  /** When the run is out of time (epoch ms), for work that must check it as it goes (expressions); none: no deadline. */
  readonly deadline?: number;
};

/** A non-terminal node names the port to follow and its output (stored as steps.<key>); a terminal node ends the flow. */
export type NodeResult = { port: string; output: unknown } | { outcome: FlowOutcome; output?: unknown };

export type NodeExecutor = (scope: FlowScope, run: RunContext) => NodeResult | Promise<NodeResult>;

/** Which node an executor runs, for logs and messages. */
export type NodeIdentity = Pick<PlanNode, 'id' | 'key'>;

/**
 * Built once per node at publish, from its config typed by its definition's fields: defaults filled,
 * expressions and schemas already compiled (see prepareConfig), so no lookups by name and no restated defaults.
 */
export type ExecutorFactory<T extends NodeType> = (config: PreparedConfig<NodeDefinitionOf<T>>, services: ExecutorServices, node: NodeIdentity) => NodeExecutor;

/** A failure inside a node, answered 500 with a request id; the message goes to the trace and log, not the client. */
export class NodeFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'NodeFailure';
  }
}
