import { useState } from 'react';
import { HTTP_METHODS, pathParamNames, pathProblem, starterFlow, type HttpMethod } from '../../shared/model/api.js';
import { errorMessage } from '../api/errors.js';
import { Dialog } from '../layout/Dialog.js';
import { useApis } from '../stores/apis.js';
import { createAndOpen } from '../stores/open-api.js';
import { routeClash, routeClashMessage } from './route-clash.js';

type Props = { open: boolean; onClose: () => void };

/** Name, method and path: enough to start; the rest is set on the Request node. */
export function CreateApiDialog({ open, onClose }: Props) {
  const [name, setName] = useState('');
  const [method, setMethod] = useState<HttpMethod>('GET');
  const [path, setPath] = useState('/');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const apis = useApis((state) => state.apis);
  const problem = pathProblem(path);
  const params = problem ? [] : pathParamNames(path);
  const clash = problem ? undefined : routeClash(apis, { id: null, method, path });
  const valid = name.trim() !== '' && !problem && !clash;

  const close = (): void => {
    setName('');
    setMethod('GET');
    setPath('/');
    setError(null);
    onClose();
  };
  const submit = async (): Promise<void> => {
    if (!valid || busy) return;
    setBusy(true);
    setError(null);
    try {
      await createAndOpen({ name: name.trim(), method, path, flow: starterFlow() });
      close();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} title="New API" onClose={close} onSubmit={() => void submit()}>
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
      {error ? <p className="field-error">{error}</p> : null}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={close}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={!valid || busy} data-testid="create-api">
          Create API
        </button>
      </div>
    </Dialog>
  );
}
