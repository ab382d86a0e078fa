import { create } from 'zustand';
import type { RunTestsInput, TestCaseResult, TestRunReport } from '../../shared/api/tests.js';
import type { ApiTest, ApiTestInputBody } from '../../shared/model/api-tests.js';
import { admin } from '../api/client.js';
import { errorMessage } from '../api/errors.js';
import { flushSave } from '../stores/autosave.js';
import { useCoverage } from './coverage-store.js';
import { useSuites } from './suites-store.js';

type TestsState = {
  /** The open API's tests, and which API they are of. */
  apiId: string | null;
  tests: ApiTest[];
  loadError: string | null;
  running: boolean;
  /** The latest run's report, whichever tests it ran. */
  report: TestRunReport | null;
  /** Each test's latest result, over every run of this session. */
  results: Readonly<Record<string, TestCaseResult>>;
  runError: string | null;
  /** The test whose result is shown beside the list. */
  selectedId: string | null;
  load: (apiId: string) => Promise<void>;
  run: (body: RunTestsInput) => Promise<TestRunReport | null>;
  save: (apiId: string, input: ApiTestInputBody) => Promise<ApiTest>;
  remove: (test: ApiTest) => Promise<void>;
  select: (testId: string | null) => void;
};

/** The Tests tab's state: the open API's tests, the latest run and its results. */
export const useTests = create<TestsState>()((set, get) => ({
  apiId: null,
  tests: [],
  loadError: null,
  running: false,
  report: null,
  results: {},
  runError: null,
  selectedId: null,
  load: async (apiId) => {
    if (get().apiId !== apiId) set({ apiId, tests: [], selectedId: null });
    try {
      const tests = await admin.tests.list({ params: { id: apiId } });
      if (get().apiId === apiId) set({ tests, loadError: null });
    } catch (failure) {
      if (get().apiId === apiId) set({ loadError: errorMessage(failure) });
    }
  },
  run: async (body) => {
    if (get().running) return null;
    set({ running: true, runError: null });
    try {
      // The draft the tests run is the saved one: an edit still waiting to be saved goes first.
      await flushSave();
      const report = await admin.tests.run({ body });
      useCoverage.getState().takeReport(report);
      useSuites.getState().takeResults(report.suites);
      const results = { ...get().results };
      for (const result of report.tests) results[result.testId] = result;
      set({ report, results });
      return report;
    } catch (failure) {
      set({ runError: errorMessage(failure) });
      return null;
    } finally {
      set({ running: false });
    }
  },
  save: async (apiId, input) => {
    const saved = await admin.tests.create({ params: { id: apiId }, body: input });
    if (get().apiId === apiId) set({ tests: [...get().tests, saved] });
    return saved;
  },
  remove: async (test) => {
    await admin.tests.delete({ params: { id: test.apiId, testId: test.id } });
    set({ tests: get().tests.filter((known) => known.id !== test.id), selectedId: get().selectedId === test.id ? null : get().selectedId });
  },
  select: (selectedId) => set({ selectedId }),
}));

/** The open API's tests whose latest result is a failure. */
export function failedTestIds(results: Readonly<Record<string, TestCaseResult>>, tests: readonly ApiTest[]): string[] {
  return tests.filter((test) => results[test.id]?.passed === false).map((test) => test.id);
}
