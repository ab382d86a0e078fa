/** A problem the compiler found, naming what is at fault so the editor can point at it. */
export type CompileProblem = {
  severity: 'error' | 'warning';
  /** Machine-matchable, e.g. `cycle`, `unconnected_port`, `invalid_expression`. */
  code: string;
  message: string;
  nodeId?: string;
  edgeId?: string;
  port?: string;
  field?: string;
  /** For expressions: the character offset of the error in the field's source. */
  position?: number;
};

/** One node of the executable plan. `next` maps each outgoing port to the index of the node it leads to. */
export type PlanNode = {
  id: string;
  key: string;
  type: string;
  /** Which version of the type's executor runs the node. */
  typeVersion: number;
  /** The node's config with every default filled in. */
  config: Record<string, unknown>;
  next: Record<string, number>;
};

/** A flow compiled for execution: nodes by index, starting at the Request node. */
export type Plan = {
  start: number;
  nodes: PlanNode[];
};

export type CompileResult =
  | { ok: true; plan: Plan; problems: CompileProblem[] }
  | { ok: false; problems: CompileProblem[] };
