import { useEffect } from 'react';
import { admin } from '../api/client.js';
import { useSessionTokens } from '../panels/tokens/session-tokens.js';
import { useEditor } from '../stores/editor.js';
import { useTester } from './tester-store.js';
import { loadHistory } from './history.js';
import { RequestBar } from './request/RequestBar.js';
import { RequestTabs } from './request/RequestTabs.js';
import { TokenField } from './request/TokenField.js';
import { ResponseView } from './response/ResponseView.js';
import { sendRequest } from './send.js';

/** Ctrl+Enter (⌘+Enter) sends from anywhere but dialogs and the inspector, whose code fields have their own keys. */
function onShortcut(event: KeyboardEvent): void {
  if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
  const target = event.target instanceof Element ? event.target : null;
  if (target?.closest('dialog, .right-area')) return;
  event.preventDefault();
  void sendRequest();
}

/** The bottom area's request tester: compose a request on the left, read the answer on the right. */
export function TesterPanel() {
  const apiId = useEditor((state) => state.apiId);

  useEffect(() => {
    if (apiId) useTester.setState({ history: loadHistory(localStorage, apiId) });
  }, [apiId]);
  useEffect(() => {
    // Tokens kept from before a reload may have been revoked, deleted or rolled since.
    const listedAt = Date.now();
    admin.tokens
      .list()
      .then((list) => useSessionTokens.getState().sync(list, listedAt))
      // Unreachable now: the kept tokens stay as they are, and a refused one shows in its answer.
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    document.addEventListener('keydown', onShortcut);
    return () => document.removeEventListener('keydown', onShortcut);
  }, []);

  if (!apiId) return <div className="empty-state compact">Open an API to try it.</div>;
  return (
    <div className="tester" data-testid="tester">
      <RequestBar />
      <div className="tester-split">
        <section className="tester-request" aria-label="Request">
          <TokenField />
          <RequestTabs />
        </section>
        <section className="tester-response" aria-label="Response">
          <ResponseView />
        </section>
      </div>
    </div>
  );
}
