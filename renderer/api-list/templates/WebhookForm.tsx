export type WebhookAnswers = { source: string; collection: string };

export const INITIAL_WEBHOOK: WebhookAnswers = { source: '', collection: 'webhook_events' };

/** Who sends the webhook (its path) and where its events are kept. */
export function WebhookForm({ answers, onChange }: { answers: WebhookAnswers; onChange: (answers: WebhookAnswers) => void }) {
  return (
    <div className="template-form" data-testid="webhook-form">
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <label className="field grow">
          <span className="field-label">Sender</span>
          <input className="input mono" autoFocus placeholder="stripe" value={answers.source} onChange={(event) => onChange({ ...answers, source: event.target.value.trim() })} data-testid="webhook-source" />
          <span className="field-help">Called at POST /webhooks/{answers.source || '<sender>'}</span>
        </label>
        <label className="field grow">
          <span className="field-label">Store events in</span>
          <input className="input mono" value={answers.collection} onChange={(event) => onChange({ ...answers, collection: event.target.value.trim() })} data-testid="webhook-collection" />
        </label>
      </div>
      <p className="field-help">
        The sender puts a shared secret in the X-Webhook-Secret header; set the same as the variable WEBHOOK_SECRET of each environment (Environments). Until then every call is refused (401).
      </p>
    </div>
  );
}
