import { useEffect, useRef, useState } from 'react';
import type { SuiteResult } from '../../shared/api/tests.js';
import type { TestSuite } from '../../shared/model/api-tests.js';
import { ConfirmDialog, Dialog } from '../layout/Dialog.js';
import { environmentNames, useApis } from '../stores/apis.js';
import { useUi } from '../stores/ui.js';
import { Icon } from '../theme/icons.js';
import { FieldProblem } from './FieldProblem.js';
import { formProblems, NO_PROBLEMS, saveProblems, type SuiteProblems } from './suite-errors.js';
import { openProblems, touchedFields } from './suite-problems.js';
import { emptySuiteForm, formOfSuite, suiteInputOf, unknownValues, valuesBefore, type StepForm, type SuiteForm } from './suite-form.js';
import { SuiteFixtures, SuiteFixturesEntry } from './SuiteFixtures.js';
import { SuiteProblemsNote } from './SuiteProblemsNote.js';
import { SuiteResults } from './SuiteResults.js';
import { SuiteStepForm } from './SuiteStepForm.js';
import { SuiteStepList } from './SuiteStepList.js';
import { useSuites } from './suites-store.js';

/** The steps a problem's field key (`steps.<index>.…`) points into. */
function stepsWithProblems(problems: SuiteProblems): Set<number> {
  return new Set(Object.keys(problems.fields).flatMap((field) => {
    const match = /^steps\.(\d+)/.exec(field);
    return match ? [Number(match[1])] : [];
  }));
}

/** The pane index of the suite's seeded records (steps count from 0). */
const FIXTURES_PANE = -1;

const hasFixtureProblems = (problems: SuiteProblems): boolean => Object.keys(problems.fields).some((field) => field === 'fixtures' || field.startsWith('fixtures.'));

/** A run's steps line up with the form's when none was added, removed, renamed or moved since. */
const sameSteps = (result: SuiteResult, steps: readonly StepForm[]): boolean =>
  result.steps.length === steps.length && result.steps.every((step, index) => step.name === steps[index]?.name && step.apiId === steps[index]?.apiId);

/**
 * Creates or edits a suite: its name, environment, the records seeded before the run, and steps
 * in order, each step's request, expectations, outbound stubs and saved values. A save sends the whole suite or nothing; the server's refusals
 * show beside their fields and at the top. Run saves first, then shows each step's result.
 */
export function SuiteEditor({ suite }: { suite: TestSuite | null }) {
  const environments = useApis((state) => state.environments);
  const [read, setRead] = useState<TestSuite | null>(suite);
  const [form, setForm] = useState<SuiteForm>(() => (suite ? formOfSuite(suite) : emptySuiteForm()));
  const [selected, setSelected] = useState(0);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<'saving' | 'running' | null>(null);
  const [problems, setProblems] = useState<SuiteProblems>(NO_PROBLEMS);
  // Fields edited since the last save: their problems are stale, whatever the new value is.
  const [edited, setEdited] = useState<ReadonlySet<string>>(() => new Set());
  const [result, setResult] = useState<SuiteResult | null>(() => (suite ? (useSuites.getState().results[suite.id] ?? null) : null));
  const [confirmClose, setConfirmClose] = useState(false);
  const pane = useRef<HTMLElement>(null);

  const selectStep = (index: number): void => {
    setSelected(index);
    pane.current?.scrollTo({ top: 0 });
  };

  const change = (next: SuiteForm): void => {
    if (problems.list.length > 0) {
      const touched = touchedFields(form, next);
      setEdited((fields) => new Set([...fields, ...touched]));
    }
    setForm(next);
    setDirty(true);
  };
  const changeStep = (index: number, patch: Partial<StepForm>): void => change({ ...form, steps: form.steps.map((step, at) => (at === index ? { ...step, ...patch } : step)) });
  const moveStep = (index: number, by: -1 | 1): void => {
    const steps = [...form.steps];
    const [moved] = steps.splice(index, 1);
    steps.splice(index + by, 0, moved!);
    change({ ...form, steps });
    if (selected === index) setSelected(index + by);
    else if (selected === index + by) setSelected(index);
  };
  const removeStep = (index: number): void => {
    change({ ...form, steps: form.steps.filter((_step, at) => at !== index) });
    setSelected((current) => (current === FIXTURES_PANE ? current : Math.max(0, current > index || current === form.steps.length - 1 ? current - 1 : current)));
  };
  const addStep = (step: StepForm): void => {
    change({ ...form, steps: [...form.steps, step] });
    selectStep(form.steps.length);
  };

  const showProblems = (found: SuiteProblems): void => {
    setProblems(found);
    setEdited(new Set());
    const first = hasFixtureProblems(found) ? FIXTURES_PANE : [...stepsWithProblems(found)].sort((a, b) => a - b)[0];
    if (first !== undefined) setSelected(first);
  };
  // Once drawn, the first refused field of the selected step is brought into view.
  useEffect(() => {
    if (problems.list.length > 0) pane.current?.querySelector('[data-testid="suite-field-error"]')?.scrollIntoView({ block: 'center' });
  }, [problems]);

  /** Saves the whole suite (nothing when a box cannot be read); the suite as stored, or null when nothing was saved. */
  const save = async (): Promise<TestSuite | null> => {
    const stepNames = form.steps.map((step) => step.name);
    const collections = form.fixtures.map((fixture) => fixture.collection);
    const { input, problems: unreadable } = suiteInputOf(form);
    if (unreadable.length > 0) {
      showProblems(formProblems(unreadable, stepNames, collections));
      return null;
    }
    setBusy('saving');
    showProblems(NO_PROBLEMS);
    try {
      const store = useSuites.getState();
      const saved = read ? await store.save(read, input) : await store.create(input);
      if (saved) {
        setRead(saved);
        setDirty(false);
        store.select(saved.id);
        return saved;
      }
      // The other window's version was kept: the editor shows it instead of the change.
      const current = await store.reload(read!.id);
      setRead(current);
      setForm(formOfSuite(current));
      setSelected(0);
      setDirty(false);
      useUi.getState().toast('Showing the other window’s version of the suite: your change was not saved', 'info');
      return null;
    } catch (failure) {
      showProblems(saveProblems(failure, stepNames, collections));
      return null;
    } finally {
      setBusy(null);
    }
  };

  const saveAndRun = async (): Promise<void> => {
    const saved = dirty || !read ? await save() : read;
    if (!saved) return;
    setBusy('running');
    try {
      const results = await useSuites.getState().run([saved.id]);
      const mine = results?.find((one) => one.suiteId === saved.id);
      if (mine) setResult(mine);
    } finally {
      setBusy(null);
    }
  };

  const close = (): void => (dirty ? setConfirmClose(true) : useSuites.getState().closeEditor());
  const runError = useSuites((state) => state.runError);
  const envNames = environmentNames(environments);
  if (!envNames.includes(form.environment)) envNames.push(form.environment);
  const step = form.steps[selected];
  const standing = openProblems(problems, edited);
  const marked = stepsWithProblems(standing);

  return (
    <>
    <Dialog open title={read ? `Suite “${read.name}”` : 'New suite'} onClose={close} onSubmit={() => void save()} className="suite-editor-dialog">
      <div className="suite-editor" data-testid="suite-editor">
        <SuiteProblemsNote problems={standing.list} />
        <div className="suite-meta">
          <label className="field">
            <span className="field-label">Name</span>
            <input className={`input ${standing.fields.name ? 'invalid' : ''}`} value={form.name} autoFocus={!read} placeholder="Sign up, then read the profile" onChange={(event) => change({ ...form, name: event.target.value })} data-testid="suite-name" />
            <FieldProblem text={standing.fields.name} />
          </label>
          <label className="field">
            <span className="field-label">Environment</span>
            <select className="select" value={form.environment} onChange={(event) => change({ ...form, environment: event.target.value })} data-testid="suite-environment">
              {envNames.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
            <FieldProblem text={standing.fields.environment} />
          </label>
          <label className="field suite-description">
            <span className="field-label">Description</span>
            <input className="input" value={form.description} placeholder="What this journey checks (optional)" onChange={(event) => change({ ...form, description: event.target.value })} data-testid="suite-description" />
            <FieldProblem text={standing.fields.description} />
          </label>
        </div>
        <div className="suite-body">
          <SuiteStepList
            steps={form.steps}
            selected={selected}
            onSelect={selectStep}
            onMove={moveStep}
            onRemove={removeStep}
            onAdd={addStep}
            withProblems={marked}
            results={result && sameSteps(result, form.steps) ? result.steps : null}
            before={<SuiteFixturesEntry fixtures={form.fixtures} selected={selected === FIXTURES_PANE} hasProblem={hasFixtureProblems(standing)} onSelect={() => selectStep(FIXTURES_PANE)} />}
          />
          <section ref={pane} className="suite-step-pane scroll" aria-label="The selected step">
            {standing.fields.steps ? <p className="field-error" data-testid="suite-field-error">{standing.fields.steps}</p> : null}
            {selected === FIXTURES_PANE ? (
              <SuiteFixtures fixtures={form.fixtures} onChange={(fixtures) => change({ ...form, fixtures })} problems={standing.fields} />
            ) : step ? (
              <SuiteStepForm key={step.key} step={step} index={selected} onChange={(patch) => changeStep(selected, patch)} available={valuesBefore(form, selected)} unknown={unknownValues(form, selected)} problems={standing.fields} />
            ) : (
              <p className="faint suite-step-none">Add a step on the left: each calls one API of the workspace, in order, in one throwaway copy of the data.</p>
            )}
          </section>
        </div>
        {result ? (
          <div className="suite-run scroll" data-testid="suite-editor-result">
            <SuiteResults suites={[result]} title="Latest run" opened />
          </div>
        ) : null}
        {runError && busy === null ? <p className="field-error" role="alert">The run failed: {runError}</p> : null}
        <div className="dialog-actions suite-actions">
          <span className="faint grow" data-testid="suite-save-state">
            {busy === 'saving' ? 'Saving…' : busy === 'running' ? 'Running…' : dirty ? 'Not saved yet' : read ? 'Saved' : ''}
          </span>
          <button type="button" className="btn" onClick={close} data-testid="suite-close">
            Close
          </button>
          <button type="button" className="btn" disabled={busy !== null} onClick={() => void saveAndRun()} data-testid="suite-run">
            <Icon name="send" size={13} /> {dirty || !read ? 'Save and run' : 'Run'}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy !== null} data-testid="suite-save">
            Save
          </button>
        </div>
      </div>
    </Dialog>
      <ConfirmDialog
        open={confirmClose}
        title="Discard changes?"
        message="The suite has changes that are not saved. Close without saving them?"
        confirmLabel="Discard"
        danger
        onClose={() => setConfirmClose(false)}
        onConfirm={() => {
          setConfirmClose(false);
          useSuites.getState().closeEditor();
        }}
      />
    </>
  );
}
