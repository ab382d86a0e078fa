import { useState } from 'react';
import { useDocumentedBodySchema } from '../../inspector/input-form/documented-body.js';
import { useEditor } from '../../stores/editor.js';
import { updateDraft, useCurrentDraft } from '../current-request.js';
import { hasBody } from '../request-model.js';
import { useTester } from '../tester-store.js';
import { BodyEditor } from './BodyEditor.js';
import { HistoryList } from './HistoryList.js';
import { KeyValueTable, ParamsTable } from './KeyValueTable.js';

type TabId = 'params' | 'query' | 'headers' | 'body' | 'history';

/** Params, query, headers, body and history of the request, one tab at a time. */
export function RequestTabs() {
  const endpoint = useEditor((state) => state.endpoint);
  const historyCount = useTester((state) => state.history.length);
  const bodySchema = useDocumentedBodySchema();
  const draft = useCurrentDraft();
  const withBody = hasBody(endpoint.method);
  const paramCount = Object.keys(draft.params).length;
  const [picked, setPicked] = useState<TabId | null>(null);
  const fallback: TabId = paramCount > 0 ? 'params' : withBody ? 'body' : 'query';
  const tab = picked === 'body' && !withBody ? fallback : (picked ?? fallback);
  const hints = Object.fromEntries(endpoint.query.map((param) => [param.name, `${param.type}${param.required ? ', required' : ''}`]));
  const sentCount = (rows: { enabled: boolean }[]): number => rows.filter((row) => row.enabled).length;

  const tabs: { id: TabId; label: string; count?: number }[] = [
    { id: 'params', label: 'Params', count: paramCount },
    { id: 'query', label: 'Query', count: sentCount(draft.query) },
    { id: 'headers', label: 'Headers', count: sentCount(draft.headers) },
    ...(withBody ? [{ id: 'body' as const, label: 'Body' }] : []),
    { id: 'history', label: 'History', count: historyCount },
  ];

  return (
    <div className="tester-tabs">
      <div className="tabs tester-subtabs" role="tablist" aria-label="Request parts">
        {tabs.map((item) => (
          <button key={item.id} type="button" role="tab" className="tab" aria-selected={tab === item.id} onClick={() => setPicked(item.id)} data-testid={`tester-tab-${item.id}`}>
            {item.label}
            {item.count ? <span className="badge">{item.count}</span> : null}
          </button>
        ))}
      </div>
      <div className="tester-tab-body scroll" role="tabpanel">
        {tab === 'params' ? <ParamsTable params={draft.params} onChange={(params) => updateDraft({ params })} /> : null}
        {tab === 'query' ? (
          <KeyValueTable rows={draft.query} onChange={(query) => updateDraft({ query })} noun="query parameter" namePlaceholder="name" testId="tester-query" hints={hints} />
        ) : null}
        {tab === 'headers' ? (
          <>
            <KeyValueTable rows={draft.headers} onChange={(headers) => updateDraft({ headers })} noun="header" namePlaceholder="X-Header" testId="tester-headers" />
            <p className="field-help tester-headers-help">Authorization comes from the Token field: an Authorization line typed here is not sent, nor kept in the history.</p>
          </>
        ) : null}
        {tab === 'body' ? <BodyEditor value={draft.body} onChange={(body) => updateDraft({ body })} schema={bodySchema} /> : null}
        {tab === 'history' ? <HistoryList onRestore={() => setPicked(null)} /> : null}
      </div>
    </div>
  );
}
