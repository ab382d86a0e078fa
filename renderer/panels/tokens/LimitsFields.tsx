import type { TokenInfo } from '../../../shared/model/token.js';
import { NumberInput } from '../../inspector/fields/NumberInput.js';
import { fullTime } from '../common/relative-time.js';
import { toLocalInput, type TokenForm } from './token-form.js';

type Props = { form: TokenForm; editing: TokenInfo | null; onChange: (patch: Partial<TokenForm>) => void };

/** Expiry (never, or a date and time; when editing only earlier) and the token's own rate limit. */
export function LimitsFields({ form, editing, onChange }: Props) {
  const signedExpiry = editing?.expiresAt ?? null;
  return (
    <>
      <div className="field">
        <span className="field-label">Expiry</span>
        <div className="row">
          <select
            className="select expiry-select"
            value={form.expires ? 'at' : 'never'}
            onChange={(event) => onChange({ expires: event.target.value === 'at' })}
            aria-label="Expiry"
            data-testid="token-expiry"
          >
            <option value="never" disabled={signedExpiry !== null}>
              Never expires
            </option>
            <option value="at">Expires at…</option>
          </select>
          {form.expires ? (
            <input
              type="datetime-local"
              className="input"
              value={form.expiresAt}
              min={toLocalInput(new Date().toISOString())}
              max={signedExpiry ? toLocalInput(signedExpiry) : undefined}
              aria-label="Expiry date and time"
              onChange={(event) => onChange({ expiresAt: event.target.value })}
            />
          ) : null}
        </div>
        {signedExpiry ? <span className="field-help">Can only move earlier than {fullTime(signedExpiry)}.</span> : null}
      </div>
      <div className="field">
        <span className="field-label">Rate limit of this token</span>
        <select className="select" value={form.rateLimited ? 'limited' : 'none'} onChange={(event) => onChange({ rateLimited: event.target.value === 'limited' })} aria-label="Rate limit of this token">
          <option value="none">Only the APIs’ own limits</option>
          <option value="limited">Limit this token’s requests</option>
        </select>
        {form.rateLimited ? (
          <div className="row rate-limit">
            <NumberInput label="Requests" value={form.rateLimit.requests} min={1} max={1_000_000} onChange={(requests) => onChange({ rateLimit: { ...form.rateLimit, requests } })} className="rate-input" />
            <span className="muted">requests per</span>
            <NumberInput label="Seconds" value={form.rateLimit.perSeconds} min={1} max={86_400} onChange={(perSeconds) => onChange({ rateLimit: { ...form.rateLimit, perSeconds } })} className="rate-input" />
            <span className="muted">seconds</span>
          </div>
        ) : null}
      </div>
    </>
  );
}
