import { create } from 'zustand';
import { useEditor } from '../../stores/editor.js';
import { useRunTrace } from '../../stores/run-trace.js';

type SamplesState = {
  /** The API the samples came from. */
  apiId: string | null;
  /** Each node's output in the last run that reached it, by node id. */
  outputs: ReadonlyMap<string, unknown>;
  /** Where they came from: "Draft · dev", "Live · dev", "Request log · dev". */
  origin: string | null;
};

/**
 * The last Draft or Live run's output of each step, kept while the flow is edited: the canvas drops a
 * trace on the first edit (it no longer shows how this flow ran), but its data still shows what a step gives.
 */
export const useSamples = create<SamplesState>()(() => ({ apiId: null, outputs: new Map(), origin: null }));

// Subscribed once, when the inspector is first loaded: traces only come from an open API, after that.
useRunTrace.subscribe((state, previous) => {
  if (state.trace === previous.trace || state.trace.length === 0) return;
  const apiId = useEditor.getState().apiId;
  const kept = useSamples.getState();
  const outputs = new Map(kept.apiId === apiId ? kept.outputs : []);
  for (const step of state.trace) if (!step.error) outputs.set(step.nodeId, step.output);
  useSamples.setState({ apiId, outputs, origin: state.origin?.label ?? null });
});

useEditor.subscribe((state, previous) => {
  if (state.apiId !== previous.apiId && useSamples.getState().apiId !== state.apiId) useSamples.setState({ apiId: state.apiId, outputs: new Map(), origin: null });
});
