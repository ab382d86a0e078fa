import { useMemo } from 'react';
import type { OpenApiDocument } from '../../../shared/api/openapi.js';
import { DocText } from './DocText.js';
import { groupOperations } from './openapi-read.js';
import { OperationView } from './OperationView.js';

/** An OpenAPI document, readable: title, server, then operations grouped by tag. */
export function DocsView({ doc, expanded }: { doc: OpenApiDocument; expanded?: boolean }) {
  const groups = useMemo(() => groupOperations(doc), [doc]);
  const count = groups.reduce((sum, group) => sum + group.operations.length, 0);
  return (
    <article className={`docs-view ${expanded ? 'expanded' : ''}`} data-testid="docs-view">
      <header className="docs-info">
        <div className="row">
          <h3 className="docs-title grow">{doc.info.title}</h3>
          <span className="badge" title="OpenAPI version">
            OpenAPI {doc.openapi}
          </span>
        </div>
        {doc.servers?.map((server) => (
          <code key={server.url} className="docs-server" title={server.description}>
            {server.url}
          </code>
        ))}
        {expanded ? <DocText value={doc.info.description ?? ''} className="muted" /> : null}
      </header>
      {count === 0 ? (
        <p className="faint docs-none">Nothing is published to this environment yet: publish an API and it appears here.</p>
      ) : (
        groups.map((group) => (
          <section key={group.tag} className="docs-tag" aria-label={`Operations tagged ${group.tag}`}>
            <h4 className="section-title">{group.tag}</h4>
            {group.operations.map((entry) => (
              <OperationView key={`${entry.method} ${entry.path}`} doc={doc} entry={entry} open={count === 1} />
            ))}
          </section>
        ))
      )}
    </article>
  );
}
