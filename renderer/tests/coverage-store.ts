import { create } from 'zustand';
import type { ApiCoverage, LastTestRun, TestRunReport } from '../../shared/api/tests.js';
import { useEditor } from '../stores/editor.js';

type CoverageState = {
  /** Each API's coverage from its latest run against the draft, by API id. */
  byApi: ReadonlyMap<string, ApiCoverage>;
  /** Painted on the canvas, or hidden to read the flow plainly. */
  visible: boolean;
  takeReport: (report: TestRunReport) => void;
  takeLastRuns: (runs: readonly LastTestRun[]) => void;
  setVisible: (visible: boolean) => void;
};

/** What the tests went through, for the canvas (counts, untested branches outlined) and the API list (a percentage). */
export const useCoverage = create<CoverageState>()((set, get) => ({
  byApi: new Map(),
  visible: true,
  takeReport: (report) => {
    const byApi = new Map(get().byApi);
    for (const coverage of report.coverage) if (coverage.version === 'draft') byApi.set(coverage.apiId, coverage);
    set({ byApi, visible: true });
  },
  takeLastRuns: (runs) => {
    const byApi = new Map(get().byApi);
    for (const run of runs) if (run.coverage?.version === 'draft' && !byApi.has(run.apiId)) byApi.set(run.apiId, run.coverage);
    set({ byApi });
  },
  setVisible: (visible) => set({ visible }),
}));

/** The open API's coverage, when it is painted. */
function shownCoverage(state: CoverageState, apiId: string | null): ApiCoverage | undefined {
  return state.visible && apiId ? state.byApi.get(apiId) : undefined;
}

export type NodeCoverage = { count: number; untestedPorts: ReadonlySet<string> };
const NO_PORTS: ReadonlySet<string> = new Set();

/** How often the tests ran a node and which of its ports none left by; undefined when no coverage is shown. */
export function useNodeCoverage(nodeId: string): NodeCoverage | undefined {
  const apiId = useEditor((state) => state.apiId);
  const count = useCoverage((state) => {
    const coverage = shownCoverage(state, apiId);
    return coverage ? (coverage.nodes.find((node) => node.nodeId === nodeId)?.count ?? 0) : undefined;
  });
  const ports = useCoverage((state) => {
    const coverage = shownCoverage(state, apiId);
    return coverage ? coverage.untaken.filter((branch) => branch.nodeId === nodeId).map((branch) => branch.port).join('\u0000') : '';
  });
  if (count === undefined) return undefined;
  return { count, untestedPorts: ports ? new Set(ports.split('\u0000')) : NO_PORTS };
}

/** How often the tests followed an edge (0: an untested branch); undefined when no coverage is shown. */
export function useEdgeCoverage(edgeId: string): number | undefined {
  const apiId = useEditor((state) => state.apiId);
  return useCoverage((state) => {
    const coverage = shownCoverage(state, apiId);
    return coverage ? (coverage.edges.find((edge) => edge.edgeId === edgeId)?.count ?? 0) : undefined;
  });
}

/** The CSS classes a node or edge gets from coverage: reached with a count, or outlined as untested. */
export const coverageClass = (count: number | undefined): string => (count === undefined ? '' : count > 0 ? 'cov-reached' : 'cov-untested');
