import { useMemo } from 'react';
import { BODY_METHODS, HTTP_METHODS, pathProblem, type HttpMethod } from '../../shared/model/api.js';
import { RouteClashNote } from '../api-list/RouteClashNote.js';
import { useEditor } from '../stores/editor.js';
import { useProblems } from '../stores/problems.js';
import { Icon } from '../theme/icons.js';
import { AccessSection } from './AccessSection.js';
import { BodySection } from './input-form/BodySection.js';
import { PathParamsEditor } from './input-form/PathParamsEditor.js';
import { QueryParamsEditor } from './QueryParamsEditor.js';
import { withoutNodePrefix } from './scope.js';

/** The endpoint itself (what the Request node stands for): name, method, path, query, body, access. */
export function EndpointForm() {
  const endpoint = useEditor((state) => state.endpoint);
  const update = useEditor((state) => state.updateEndpoint);
  const problems = useProblems((state) => state.problems);
  const requestProblems = useMemo(() => {
    const request = useEditor.getState().nodes.find((node) => node.data.type === 'request');
    return problems.filter((problem) => request && problem.nodeId === request.id);
  }, [problems]);
  const problem = pathProblem(endpoint.path);
  const takesBody = BODY_METHODS.has(endpoint.method);

  return (
    <div className="inspector-body">
      <header className="inspector-head">
        <span className="inspector-icon cat-flow">
          <Icon name="arrow-right-circle" size={18} />
        </span>
        <div className="grow">
          <h2 className="inspector-title">Endpoint</h2>
          <p className="field-help">What callers send. Select a node on the canvas to configure it.</p>
        </div>
      </header>
      <label className="field">
        <span className="field-label">Name</span>
        <input className={`input ${endpoint.name.trim() ? '' : 'invalid'}`} value={endpoint.name} onChange={(event) => update({ name: event.target.value }, 'name')} data-testid="endpoint-name" />
        {endpoint.name.trim() ? null : <span className="field-error">Give the API a name</span>}
      </label>
      <div className="field">
        <span className="field-label">Method and path</span>
        <div className="row">
          <select className="select method-select" value={endpoint.method} aria-label="Method" onChange={(event) => update({ method: event.target.value as HttpMethod }, 'method')}>
            {HTTP_METHODS.map((method) => (
              <option key={method}>{method}</option>
            ))}
          </select>
          <input className={`input mono grow ${problem ? 'invalid' : ''}`} value={endpoint.path} aria-label="Path" onChange={(event) => update({ path: event.target.value.trim() }, 'path')} data-testid="endpoint-path" />
        </div>
        {problem ? <span className="field-error">The path is not valid: {problem}</span> : null}
        <RouteClashNote />
        <PathParamsEditor path={problem ? '' : endpoint.path} params={endpoint.params} onChange={(params) => update({ params }, 'params')} />
      </div>
      <label className="field">
        <span className="field-label">Description</span>
        <textarea className="textarea" rows={2} value={endpoint.description} placeholder="What this endpoint is for (shown in the OpenAPI document)" onChange={(event) => update({ description: event.target.value }, 'description')} />
      </label>

      <h3 className="section-title">Query parameters</h3>
      <QueryParamsEditor params={endpoint.query} onChange={(query) => update({ query }, 'query')} />

      {takesBody || endpoint.bodySchema ? (
        <>
          <h3 className="section-title">Body</h3>
          <BodySection method={endpoint.method} schema={endpoint.bodySchema} onChange={(bodySchema) => update({ bodySchema }, 'bodySchema')} />
        </>
      ) : null}

      <h3 className="section-title">Access</h3>
      <AccessSection auth={endpoint.auth} rateLimit={endpoint.rateLimit} onAuth={(auth) => update({ auth }, 'auth')} onRateLimit={(rateLimit) => update({ rateLimit }, 'rateLimit')} />

      {requestProblems.length > 0 ? (
        <ul className="inspector-problems">
          {requestProblems.map((item, index) => (
            <li key={index} className={item.severity === 'error' ? 'field-error' : 'field-warning'}>
              {withoutNodePrefix(item.message)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
