import { create } from 'zustand';
import type { TraceStep } from '../../shared/model/runtime.js';
import { useEditor } from './editor.js';

/** What a trace cannot say itself: which run it was, who called, in which environment (the tester or the log knows). */
export type TraceOrigin = {
  /** "Live · dev", "Draft · dev", "Request log · dev". */
  label: string;
  token: unknown;
  env: unknown;
};

type RunTraceState = {
  /** Each node the last test-run went through, by node id. */
  steps: ReadonlyMap<string, TraceStep>;
  /** The edges it followed. */
  takenEdges: ReadonlySet<string>;
  /** The steps in the order they ran, for rebuilding each node's input. */
  trace: readonly TraceStep[];
  origin: TraceOrigin | null;
  /** Lights up the path of a test-run on the canvas (the tester calls this with the answer's `trace`). */
  show: (trace: readonly TraceStep[], origin?: TraceOrigin) => void;
  clear: () => void;
};

/** An edge was taken when it leads from a step, through the port that step left by, to the next step. */
function takenEdgesOf(trace: readonly TraceStep[]): Set<string> {
  const edges = useEditor.getState().edges;
  const taken = new Set<string>();
  for (let index = 0; index + 1 < trace.length; index++) {
    const from = trace[index]!;
    const to = trace[index + 1]!.nodeId;
    const edge = edges.find((candidate) => candidate.source === from.nodeId && (candidate.sourceHandle ?? 'out') === from.port && candidate.target === to);
    if (edge) taken.add(edge.id);
  }
  return taken;
}

export const useRunTrace = create<RunTraceState>()((set) => ({
  steps: new Map(),
  takenEdges: new Set(),
  trace: [],
  origin: null,
  show: (trace, origin) => set({ steps: new Map(trace.map((step) => [step.nodeId, step])), takenEdges: takenEdgesOf(trace), trace, origin: origin ?? null }),
  clear: () => set({ steps: new Map(), takenEdges: new Set(), trace: [], origin: null }),
}));

/** A trace belongs to the flow it ran: another API or a changed flow drops it. */
export function startTraceReset(): () => void {
  return useEditor.subscribe((state, previous) => {
    if (state.apiId === previous.apiId && state.contentRevision === previous.contentRevision) return;
    if (useRunTrace.getState().steps.size > 0) useRunTrace.getState().clear();
  });
}
