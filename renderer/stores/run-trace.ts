import { create } from 'zustand';
import type { TraceStep } from '../../shared/model/runtime.js';
import { useEditor } from './editor.js';

type RunTraceState = {
  /** Each node the last test-run went through, by node id. */
  steps: ReadonlyMap<string, TraceStep>;
  /** The edges it followed. */
  takenEdges: ReadonlySet<string>;
  /** Lights up the path of a test-run on the canvas (the tester calls this with the answer's `trace`). */
  show: (trace: readonly TraceStep[]) => void;
  clear: () => void;
};

export const useRunTrace = create<RunTraceState>()((set) => ({
  steps: new Map(),
  takenEdges: new Set(),
  show: (trace) => {
    const steps = new Map(trace.map((step) => [step.nodeId, step]));
    const takenEdges = new Set(
      useEditor
        .getState()
        .edges.filter((edge) => steps.get(edge.source)?.port === (edge.sourceHandle ?? 'out') && steps.has(edge.target))
        .map((edge) => edge.id),
    );
    set({ steps, takenEdges });
  },
  clear: () => set({ steps: new Map(), takenEdges: new Set() }),
}));

/** A trace belongs to the flow it ran: another API or a changed flow drops it. */
export function startTraceReset(): () => void {
  return useEditor.subscribe((state, previous) => {
    if (state.apiId === previous.apiId && state.contentRevision === previous.contentRevision) return;
    if (useRunTrace.getState().steps.size > 0) useRunTrace.getState().clear();
  });
}
