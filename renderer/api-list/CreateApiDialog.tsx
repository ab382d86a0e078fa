import { useMemo, useState } from 'react';
import { HTTP_METHODS, pathParamNames, pathProblem, starterFlow, type HttpMethod } from '../../shared/model/api.js';
import { TEMPLATES } from '../../shared/templates/catalog.js';
import { errorMessage } from '../api/errors.js';
import { Dialog } from '../layout/Dialog.js';
import { useApis } from '../stores/apis.js';
import { createAndOpen } from '../stores/open-api.js';
import { useUi } from '../stores/ui.js';
import { routeClash, routeClashMessage } from './route-clash.js';
import { applyTemplate, firstProblem, singular } from './templates/apply-template.js';
import { CrudForm, INITIAL_CRUD, type CrudAnswers } from './templates/CrudForm.js';
import { ExternalApiForm, INITIAL_EXTERNAL, keptFields, type ExternalApiAnswers } from './templates/ExternalApiForm.js';
import { TemplatePicker, type Start } from './templates/TemplatePicker.js';
import { INITIAL_WEBHOOK, WebhookForm, type WebhookAnswers } from './templates/WebhookForm.js';
import './templates/templates.css';

type Props = { open: boolean; onClose: () => void };

/** How a new API starts: blank (name, method and path; the rest is set on the Request node) or from a template's questions. */
export function CreateApiDialog({ open, onClose }: Props) {
  const [start, setStart] = useState<Start>('blank');
  const [name, setName] = useState('');
  const [method, setMethod] = useState<HttpMethod>('GET');
  const [path, setPath] = useState('/');
  const [crud, setCrud] = useState<CrudAnswers>(INITIAL_CRUD);
  const [external, setExternal] = useState<ExternalApiAnswers>(INITIAL_EXTERNAL);
  const [webhook, setWebhook] = useState<WebhookAnswers>(INITIAL_WEBHOOK);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const apis = useApis((state) => state.apis);
  const toast = useUi((state) => state.toast);
  const problem = pathProblem(path);
  const params = problem ? [] : pathParamNames(path);
  const clash = problem ? undefined : routeClash(apis, { id: null, method, path });

  /** The answers as the template takes them, and the first thing wrong with them. */
  const answers = useMemo(() => {
    if (start === 'crud') return { crud: { collection: crud.collection.trim(), item: crud.item.trim(), fields: crud.fields, requireToken: crud.requireToken } };
    if (start === 'external-api') return { 'external-api': { title: external.title.trim(), path: external.path, url: external.url, keep: keptFields(external.keep), requireToken: external.requireToken } };
    if (start === 'webhook') return { webhook };
    return {};
  }, [start, crud, external, webhook]);
  const templateProblem = start === 'blank' ? null : firstProblem(TEMPLATES[start].params.safeParse(answers[start]));
  const valid = start === 'blank' ? name.trim() !== '' && !problem && !clash : templateProblem === null;

  const close = (): void => {
    setName('');
    setMethod('GET');
    setPath('/');
    setCrud(INITIAL_CRUD);
    setExternal(INITIAL_EXTERNAL);
    setWebhook(INITIAL_WEBHOOK);
    setStart('blank');
    setError(null);
    onClose();
  };
  const submit = async (): Promise<void> => {
    if (!valid || busy) return;
    setBusy(true);
    setError(null);
    try {
      if (start === 'blank') {
        await createAndOpen({ name: name.trim(), method, path, flow: starterFlow() });
      } else {
        const made = await applyTemplate(start, answers[start]);
        toast(`${made} API${made === 1 ? '' : 's'} made from “${TEMPLATES[start].title}”: drafts, ready to publish`, 'success');
      }
      close();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  const submitLabel = start === 'blank' ? 'Create API' : start === 'crud' ? 'Create 5 APIs' : 'Create API';

  return (
    <Dialog open={open} title="New API" onClose={close} onSubmit={() => void submit()} className="create-api-dialog">
      <TemplatePicker value={start} onChange={setStart} />
      {start === 'blank' ? (
        <>
          <label className="field">
            <span className="field-label">Name</span>
            <input className="input" autoFocus placeholder="Get user" value={name} onChange={(event) => setName(event.target.value)} data-testid="new-api-name" />
          </label>
          <div className="row" style={{ alignItems: 'flex-start' }}>
            <label className="field" style={{ width: 110 }}>
              <span className="field-label">Method</span>
              <select className="select" value={method} onChange={(event) => setMethod(event.target.value as HttpMethod)} data-testid="new-api-method">
                {HTTP_METHODS.map((value) => (
                  <option key={value}>{value}</option>
                ))}
              </select>
            </label>
            <label className="field grow">
              <span className="field-label">Path</span>
              <input className={`input mono ${problem || clash ? 'invalid' : ''}`} placeholder="/users/:id" value={path} onChange={(event) => setPath(event.target.value)} data-testid="new-api-path" />
              {problem ? <span className="field-error">The path is not valid: {problem}</span> : null}
              {clash ? (
                <span className="field-error" role="alert" data-testid="route-clash">
                  {routeClashMessage(clash)}
                </span>
              ) : null}
              {params.length > 0 ? (
                <span className="field-help">
                  Path parameters: {params.map((param) => <code key={param}>request.params.{param} </code>)}
                </span>
              ) : null}
            </label>
          </div>
          <p className="field-help">Published as &lt;runtime&gt;/&lt;environment&gt;{path || '/'} — e.g. /dev{path || '/'}.</p>
        </>
      ) : null}
      {start === 'crud' ? <CrudForm answers={crud} onChange={setCrud} singular={singular} /> : null}
      {start === 'external-api' ? <ExternalApiForm answers={external} onChange={setExternal} /> : null}
      {start === 'webhook' ? <WebhookForm answers={webhook} onChange={setWebhook} /> : null}
      {templateProblem ? (
        <p className="field-help" data-testid="template-problem">
          To go on: {templateProblem}
        </p>
      ) : null}
      {error ? <p className="field-error">{error}</p> : null}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={close}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={!valid || busy} data-testid="create-api">
          {submitLabel}
        </button>
      </div>
    </Dialog>
  );
}
