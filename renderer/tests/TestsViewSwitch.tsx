import { useSuites, type TestsView } from './suites-store.js';

const VIEWS: { view: TestsView; label: string }[] = [
  { view: 'api', label: 'This API' },
  { view: 'suites', label: 'Suites' },
];

/** The Tests tab's two lists: the open API's tests, or the workspace's suites across APIs. */
export function TestsViewSwitch() {
  const view = useSuites((state) => state.view);
  const count = useSuites((state) => (state.loaded ? state.suites.length : null));
  return (
    <div className="segmented tests-views" role="radiogroup" aria-label="Show">
      {VIEWS.map((option) => (
        <label key={option.view} className={`segment ${view === option.view ? 'selected' : ''}`} data-testid={`tests-view-${option.view}`}>
          <input type="radio" name="tests-view" value={option.view} checked={view === option.view} onChange={() => useSuites.getState().setView(option.view)} className="visually-hidden" />
          {option.label}
          {option.view === 'suites' && count !== null ? ` (${count})` : ''}
        </label>
      ))}
    </div>
  );
}
