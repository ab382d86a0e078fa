import { create } from 'zustand';
import type { SuiteResult } from '../../shared/api/tests.js';
import type { TestSuite, TestSuiteInputBody } from '../../shared/model/api-tests.js';
import { admin } from '../api/client.js';
import { errorMessage } from '../api/errors.js';
import { writeWithRevision } from '../conflict/write-with-revision.js';
import { flushSave } from '../stores/autosave.js';
import { useCoverage } from './coverage-store.js';

/** What the Tests tab shows: the open API's tests, or the workspace's suites. */
export type TestsView = 'api' | 'suites';

/** The editor's dialog: a new suite (`suiteId` null) or one of the list. */
export type SuiteEditing = { suiteId: string | null };

type SuitesState = {
  view: TestsView;
  suites: TestSuite[];
  loaded: boolean;
  loadError: string | null;
  /** Each suite's latest result in this session, from any run. */
  results: Readonly<Record<string, SuiteResult>>;
  running: boolean;
  runError: string | null;
  selectedId: string | null;
  editing: SuiteEditing | null;
  setView: (view: TestsView) => void;
  load: () => Promise<void>;
  /** Runs suites on the APIs' drafts (an edit waiting to be saved goes first); null when it could not run. */
  run: (suiteIds: readonly string[]) => Promise<SuiteResult[] | null>;
  /** Takes the suites of a run made elsewhere (Run every API). */
  takeResults: (results: readonly SuiteResult[]) => void;
  create: (input: TestSuiteInputBody) => Promise<TestSuite>;
  /** Saves over the revision read; asks when another window changed it first. Null: the builder chose the other window's version. */
  save: (read: TestSuite, input: TestSuiteInputBody) => Promise<TestSuite | null>;
  /** The suite as stored now (after a conflict was settled the other window's way). */
  reload: (suiteId: string) => Promise<TestSuite>;
  remove: (suite: TestSuite) => Promise<void>;
  select: (suiteId: string | null) => void;
  openEditor: (suiteId: string | null) => void;
  closeEditor: () => void;
};

const upserted = (suites: readonly TestSuite[], suite: TestSuite): TestSuite[] =>
  suites.some((known) => known.id === suite.id) ? suites.map((known) => (known.id === suite.id ? suite : known)) : [...suites, suite];

/** The workspace's test suites, their latest results and the suite being edited. */
export const useSuites = create<SuitesState>()((set, get) => ({
  view: 'api',
  suites: [],
  loaded: false,
  loadError: null,
  results: {},
  running: false,
  runError: null,
  selectedId: null,
  editing: null,
  setView: (view) => set({ view }),
  load: async () => {
    try {
      set({ suites: await admin.tests.suites(), loaded: true, loadError: null });
    } catch (failure) {
      set({ loaded: true, loadError: errorMessage(failure) });
    }
  },
  run: async (suiteIds) => {
    if (get().running) return null;
    set({ running: true, runError: null });
    try {
      await flushSave();
      const report = await admin.tests.run({ body: { suiteIds: [...suiteIds] } });
      useCoverage.getState().takeReport(report);
      get().takeResults(report.suites);
      return report.suites;
    } catch (failure) {
      set({ runError: errorMessage(failure) });
      return null;
    } finally {
      set({ running: false });
    }
  },
  takeResults: (results) => {
    if (results.length === 0) return;
    set({ results: { ...get().results, ...Object.fromEntries(results.map((result) => [result.suiteId, result])) } });
  },
  create: async (input) => {
    const created = await admin.tests.createSuite({ body: input });
    set({ suites: upserted(get().suites, created) });
    return created;
  },
  save: async (read, input) => {
    const saved = await writeWithRevision({
      subject: `The suite “${read.name}”`,
      read,
      mine: input as Partial<TestSuite>,
      labels: { name: 'Name', description: 'Description', environment: 'Environment', steps: 'Steps', fixtures: 'Fixtures' },
      write: (revision) => admin.tests.saveSuite({ params: { suiteId: read.id }, body: input, revision }),
    });
    if (saved) set({ suites: upserted(get().suites, saved) });
    return saved;
  },
  reload: async (suiteId) => {
    const suite = await admin.tests.getSuite({ params: { suiteId } });
    set({ suites: upserted(get().suites, suite) });
    return suite;
  },
  remove: async (suite) => {
    await admin.tests.deleteSuite({ params: { suiteId: suite.id } });
    const { [suite.id]: _gone, ...results } = get().results;
    set({ suites: get().suites.filter((known) => known.id !== suite.id), results, selectedId: get().selectedId === suite.id ? null : get().selectedId });
  },
  select: (selectedId) => set({ selectedId }),
  openEditor: (suiteId) => set({ editing: { suiteId } }),
  closeEditor: () => set({ editing: null }),
}));
