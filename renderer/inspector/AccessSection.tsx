import { Scope, type AuthConfig, type RateLimit } from '../../shared/model/api.js';
import { useApis } from '../stores/apis.js';
import { ChipInput } from './ChipInput.js';
import { NumberInput } from './fields/NumberInput.js';

const DEFAULT_RATE_LIMIT: RateLimit = { requests: 100, perSeconds: 60 };

const scopeProblem = (value: string): string | null => {
  const result = Scope.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? 'not a valid scope');
};

type Props = {
  auth: AuthConfig;
  rateLimit: RateLimit | null;
  onAuth: (auth: AuthConfig) => void;
  onRateLimit: (rateLimit: RateLimit | null) => void;
};

/** Who may call the endpoint (token, key groups, scopes) and how often. */
export function AccessSection({ auth, rateLimit, onAuth, onRateLimit }: Props) {
  const keyGroups = useApis((state) => state.keyGroups);
  return (
    <>
      <label className="checkbox">
        <input type="checkbox" checked={auth.required} onChange={(event) => onAuth({ ...auth, required: event.target.checked })} data-testid="auth-required" />
        Require a token
      </label>
      <span className="field-help access-help">{auth.required ? 'Callers send Authorization: Bearer <token>; others get 401.' : 'Anyone who can reach the runtime may call this endpoint.'}</span>
      {auth.required ? (
        <>
          <div className="field">
            <span className="field-label">Key groups</span>
            <ChipInput
              label="Key groups"
              values={auth.keyGroupIds}
              onChange={(keyGroupIds) => onAuth({ ...auth, keyGroupIds })}
              placeholder={keyGroups ? 'Pick a key group' : 'Key group id, then Enter'}
              {...(keyGroups ? { options: keyGroups.map((group) => ({ value: group.id, label: group.name })) } : {})}
            />
            <span className="field-help">None: any valid token of the environment may call. Otherwise only tokens in one of these groups.</span>
          </div>
          <div className="field">
            <span className="field-label">Scopes</span>
            <ChipInput label="Scopes" values={auth.scopes} onChange={(scopes) => onAuth({ ...auth, scopes })} placeholder="users:read, then Enter" validate={scopeProblem} />
            <span className="field-help">The token must hold every scope listed.</span>
          </div>
        </>
      ) : null}
      <div className="field">
        <span className="field-label">Rate limit</span>
        <select className="select" value={rateLimit ? 'limited' : 'none'} onChange={(event) => onRateLimit(event.target.value === 'none' ? null : (rateLimit ?? DEFAULT_RATE_LIMIT))} aria-label="Rate limit">
          <option value="none">No limit</option>
          <option value="limited">Limit requests</option>
        </select>
        {rateLimit ? (
          <div className="row rate-limit">
            <NumberInput label="Requests" value={rateLimit.requests} min={1} max={1_000_000} onChange={(requests) => onRateLimit({ ...rateLimit, requests })} className="rate-input" />
            <span className="muted">requests per</span>
            <NumberInput label="Seconds" value={rateLimit.perSeconds} min={1} max={86_400} onChange={(perSeconds) => onRateLimit({ ...rateLimit, perSeconds })} className="rate-input" />
            <span className="muted">seconds</span>
          </div>
        ) : null}
      </div>
    </>
  );
}
