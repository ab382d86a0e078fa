import type { OpenApiDocument } from '../../../shared/api/openapi.js';
import { PanelIcon } from '../common/icons.js';
import { DocText } from './DocText.js';
import { isJson, resolve, schemaLabel, text, type Operation } from './openapi-read.js';
import { ExamplesView, RequestBodyView, ResponsesView } from './SchemaParts.js';

/** One operation, folded to a line (method, path, name, lock) until opened. */
export function OperationView({ doc, entry, open }: { doc: OpenApiDocument; entry: Operation; open?: boolean }) {
  const { method, path, operation } = entry;
  const security = Array.isArray(operation.security) ? operation.security.filter(isJson) : [];
  const scopes = security.flatMap((requirement) => Object.values(requirement).flatMap((value) => (Array.isArray(value) ? value.map(String) : [])));
  return (
    <details className="docs-operation" open={open} data-testid="docs-operation" data-route={`${method} ${path}`}>
      <summary className="docs-op-summary">
        <span className={`docs-method method-${method}`}>{method}</span>
        <code className="docs-path">{path}</code>
        <span className="docs-op-name ellipsis">{text(operation.summary)}</span>
        {security.length > 0 ? (
          <span className="docs-lock" title="Needs a bearer token">
            <PanelIcon name="lock" size={13} />
          </span>
        ) : null}
      </summary>
      <div className="docs-op-body">
        <DocText value={text(operation.description)} />
        {security.length > 0 ? (
          <section className="docs-section">
            <h5 className="docs-section-title">Security</h5>
            <div className="docs-security">
              <span>
                Bearer token (JWT) in <code>Authorization</code>
              </span>
              {scopes.map((scope) => (
                <span key={scope} className="chip chip-static">
                  {scope}
                </span>
              ))}
            </div>
          </section>
        ) : null}
        <ParametersView doc={doc} parameters={operation.parameters} />
        {operation.requestBody !== undefined ? <RequestBodyView doc={doc} body={operation.requestBody} /> : null}
        <ResponsesView doc={doc} responses={operation.responses} />
        {typeof operation.operationId === 'string' ? <p className="docs-operation-id faint">operationId: <code>{operation.operationId}</code></p> : null}
      </div>
    </details>
  );
}

function ParametersView({ doc, parameters }: { doc: OpenApiDocument; parameters: unknown }) {
  const list = Array.isArray(parameters) ? parameters.map((parameter) => resolve(doc, parameter)).filter(isJson) : [];
  if (list.length === 0) return null;
  return (
    <section className="docs-section">
      <h5 className="docs-section-title">Parameters</h5>
      <table className="docs-params">
        <thead>
          <tr>
            <th>Name</th>
            <th>In</th>
            <th>Type</th>
          </tr>
        </thead>
        <tbody>
          {list.map((parameter) => {
            const schema = isJson(parameter.schema) ? parameter.schema : {};
            return (
              <tr key={`${text(parameter.in)} ${text(parameter.name)}`}>
                <td>
                  <code>{text(parameter.name)}</code>
                  {parameter.required === true ? <span className="required-mark" title="required"> *</span> : null}
                  <DocText value={text(parameter.description)} className="faint" />
                  <ExamplesView examples={parameter.examples} />
                </td>
                <td className="faint">{text(parameter.in)}</td>
                <td>
                  {schemaLabel(schema)}
                  {schema.default !== undefined ? <span className="faint"> = {JSON.stringify(schema.default)}</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
