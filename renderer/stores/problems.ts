import { create } from 'zustand';
import { compileApi } from '../../shared/compile/compile.js';
import type { CompileProblem } from '../../shared/compile/plan.js';
import { definitionFromDoc } from './editor-doc.js';
import { useEditor } from './editor.js';

/** Wait this long after the last edit before compiling, so typing stays smooth on big flows. */
export const COMPILE_DEBOUNCE_MS = 150;

export type Severity = 'error' | 'warning';

/** What the canvas shows on one node: the worst severity, the messages, and the ports at fault. */
export type NodeProblems = { severity: Severity; messages: string[]; ports: ReadonlySet<string>; fields: ReadonlySet<string> };
export type EdgeProblems = { severity: Severity; messages: string[] };

type ProblemsState = {
  problems: CompileProblem[];
  byNode: ReadonlyMap<string, NodeProblems>;
  byEdge: ReadonlyMap<string, EdgeProblems>;
  errorCount: number;
  warningCount: number;
  /** The editor's contentRevision these problems belong to. */
  compiledRevision: number;
};

export const useProblems = create<ProblemsState>()(() => ({
  problems: [],
  byNode: new Map(),
  byEdge: new Map(),
  errorCount: 0,
  warningCount: 0,
  compiledRevision: -1,
}));

const worse = (a: Severity | undefined, b: Severity): Severity => (a === 'error' || b === 'error' ? 'error' : 'warning');

export function indexProblems(problems: CompileProblem[]): Pick<ProblemsState, 'byNode' | 'byEdge' | 'errorCount' | 'warningCount'> {
  const byNode = new Map<string, { severity: Severity; messages: string[]; ports: Set<string>; fields: Set<string> }>();
  const byEdge = new Map<string, EdgeProblems>();
  for (const problem of problems) {
    if (problem.nodeId) {
      const entry = byNode.get(problem.nodeId) ?? { severity: problem.severity, messages: [], ports: new Set<string>(), fields: new Set<string>() };
      entry.severity = worse(entry.severity, problem.severity);
      entry.messages.push(problem.message);
      if (problem.port) entry.ports.add(problem.port);
      if (problem.field) entry.fields.add(problem.field);
      byNode.set(problem.nodeId, entry);
    }
    if (problem.edgeId) {
      const entry = byEdge.get(problem.edgeId) ?? { severity: problem.severity, messages: [] };
      entry.severity = worse(entry.severity, problem.severity);
      entry.messages.push(problem.message);
      byEdge.set(problem.edgeId, entry);
    }
  }
  const errorCount = problems.filter((problem) => problem.severity === 'error').length;
  return { byNode, byEdge, errorCount, warningCount: problems.length - errorCount };
}

/** Compiles the draft now (publishing wants the verdict without waiting). */
export function compileNow(): CompileProblem[] {
  const state = useEditor.getState();
  if (!state.apiId) return [];
  let problems: CompileProblem[];
  try {
    problems = compileApi(definitionFromDoc(state)).problems;
  } catch (failure) {
    problems = [{ severity: 'error', code: 'compile_failed', message: `The flow could not be checked: ${failure instanceof Error ? failure.message : String(failure)}` }];
  }
  useProblems.setState({ problems, compiledRevision: state.contentRevision, ...indexProblems(problems) });
  return problems;
}

let timer: ReturnType<typeof setTimeout> | undefined;

/** Recompiles shortly after each content change of the draft; positions and selection do not count. */
export function startLiveCompile(): () => void {
  return useEditor.subscribe((state, previous) => {
    if (state.contentRevision === previous.contentRevision && state.apiId === previous.apiId) return;
    clearTimeout(timer);
    timer = setTimeout(compileNow, COMPILE_DEBOUNCE_MS);
  });
}
