import type { OpenApiDocument } from '../../../shared/api/openapi.js';
import { DocText, JsonBlock } from './DocText.js';
import { isJson, refName, resolve, schemaLabel, statusClass, text, type Json } from './openapi-read.js';

/** A schema: its component name when it has one, the resolved schema as JSON on demand. */
export function SchemaView({ doc, schema, label }: { doc: OpenApiDocument; schema: unknown; label: string }) {
  const name = refName(schema);
  const resolved = resolve(doc, schema);
  if (isJson(resolved) && Object.keys(resolved).length === 0) return <span className="faint docs-any">any JSON</span>;
  return (
    <details className="docs-schema">
      <summary>
        {label} <code>{name ?? schemaLabel(resolved)}</code>
      </summary>
      <JsonBlock value={resolved} label={`${label} ${name ?? ''}`} />
    </details>
  );
}

/** Named examples of a media type or parameter. */
export function ExamplesView({ examples }: { examples: unknown }) {
  if (!isJson(examples)) return null;
  return (
    <>
      {Object.entries(examples).map(([name, example]) => (
        <details key={name} className="docs-schema">
          <summary>
            Example <strong>{name}</strong>
          </summary>
          <JsonBlock value={isJson(example) ? example.value : example} label={`Example ${name}`} />
        </details>
      ))}
    </>
  );
}

const jsonMedia = (content: unknown): Json | null => (isJson(content) && isJson(content['application/json']) ? content['application/json'] : null);

export function RequestBodyView({ doc, body }: { doc: OpenApiDocument; body: unknown }) {
  const resolved = resolve(doc, body);
  if (!isJson(resolved)) return null;
  const media = jsonMedia(resolved.content);
  return (
    <section className="docs-section">
      <h5 className="docs-section-title">
        Request body <span className="faint">application/json{resolved.required === true ? ' · required' : ' · optional'}</span>
      </h5>
      {media ? <SchemaView doc={doc} schema={media.schema} label="Schema" /> : null}
      {media ? <ExamplesView examples={media.examples} /> : null}
    </section>
  );
}

export function ResponsesView({ doc, responses }: { doc: OpenApiDocument; responses: unknown }) {
  if (!isJson(responses)) return null;
  return (
    <section className="docs-section">
      <h5 className="docs-section-title">Responses</h5>
      <ul className="docs-responses">
        {Object.entries(responses).map(([status, raw]) => {
          const response = resolve(doc, raw);
          if (!isJson(response)) return null;
          const media = jsonMedia(response.content);
          // Every answer carries X-Request-Id (the document's description says so): listing it each time is noise.
          const headers = isJson(response.headers) ? Object.keys(response.headers).filter((name) => name.toLowerCase() !== 'x-request-id') : [];
          return (
            <li key={status} className="docs-response" data-testid={`docs-response-${status}`}>
              <div className="docs-response-head">
                <span className={`docs-status docs-status-${statusClass(status)}`}>{status}</span>
                <DocText value={text(response.description)} className="grow" />
              </div>
              {headers.length > 0 ? (
                <div className="docs-headers faint">
                  Headers: {headers.map((name) => <code key={name}>{name}</code>)}
                </div>
              ) : null}
              {media ? <SchemaView doc={doc} schema={media.schema} label="Body" /> : null}
              {media ? <ExamplesView examples={media.examples} /> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
