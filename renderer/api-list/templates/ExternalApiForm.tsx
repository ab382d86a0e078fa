export type ExternalApiAnswers = { title: string; path: string; url: string; keep: string; requireToken: boolean };

export const INITIAL_EXTERNAL: ExternalApiAnswers = { title: '', path: '/', url: 'https://', keep: '', requireToken: true };

/** The names typed in "Fields to keep", one per comma. */
export const keptFields = (keep: string): string[] => keep.split(',').map((name) => name.trim()).filter(Boolean);

/** The endpoint, the service it calls, and the fields of the service's answer it keeps. */
export function ExternalApiForm({ answers, onChange }: { answers: ExternalApiAnswers; onChange: (answers: ExternalApiAnswers) => void }) {
  const set = (patch: Partial<ExternalApiAnswers>): void => onChange({ ...answers, ...patch });
  return (
    <div className="template-form" data-testid="external-api-form">
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <label className="field grow">
          <span className="field-label">Name</span>
          <input className="input" autoFocus placeholder="Weather" value={answers.title} onChange={(event) => set({ title: event.target.value })} data-testid="external-title" />
        </label>
        <label className="field grow">
          <span className="field-label">Path (GET)</span>
          <input className="input mono" placeholder="/weather" value={answers.path} onChange={(event) => set({ path: event.target.value.trim() })} data-testid="external-path" />
        </label>
      </div>
      <label className="field">
        <span className="field-label">The service’s URL</span>
        <input className="input mono" placeholder="https://api.example.com/forecast" value={answers.url} onChange={(event) => set({ url: event.target.value.trim() })} data-testid="external-url" />
        <span className="field-help">Only public addresses are called unless the environment allows more (Environments ▸ Outbound calls).</span>
      </label>
      <label className="field">
        <span className="field-label">Fields to keep from its answer</span>
        <input className="input" placeholder="temperature, wind (none: the whole answer, as data)" value={answers.keep} onChange={(event) => set({ keep: event.target.value })} data-testid="external-keep" />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={answers.requireToken} onChange={(event) => set({ requireToken: event.target.checked })} />
        Callers need a token of the environment
      </label>
    </div>
  );
}
