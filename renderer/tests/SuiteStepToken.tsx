import { useApis } from '../stores/apis.js';
import { FieldProblem } from './FieldProblem.js';
import type { StepForm } from './suite-form.js';

type Props = { step: StepForm; onChange: (patch: Partial<StepForm>) => void; problem: string | undefined };

/** Whether a step calls with a token, made for each run from these settings (no token string is stored). */
export function SuiteStepToken({ step, onChange, problem }: Props) {
  const keyGroups = useApis((state) => state.keyGroups);
  return (
    <div className="field suite-token">
      <label className="checkbox">
        <input type="checkbox" checked={step.tokenOn} onChange={(event) => onChange({ tokenOn: event.target.checked })} data-testid="suite-step-token" />
        Call with a token made for the run (none is stored)
      </label>
      {step.tokenOn ? (
        <div className="suite-grid">
          <label className="field">
            <span className="field-label">Its scopes, separated by spaces</span>
            <input className="input mono" value={step.scopes} placeholder="users:read users:write" onChange={(event) => onChange({ scopes: event.target.value })} data-testid="suite-step-scopes" />
          </label>
          {keyGroups && keyGroups.length > 0 ? (
            <fieldset className="field suite-key-groups">
              <legend className="field-label">In the key groups</legend>
              <div className="check-list">
                {keyGroups.map((group) => (
                  <label key={group.id} className="checkbox">
                    <input
                      type="checkbox"
                      checked={step.keyGroupIds.includes(group.id)}
                      onChange={(event) => onChange({ keyGroupIds: event.target.checked ? [...step.keyGroupIds, group.id] : step.keyGroupIds.filter((id) => id !== group.id) })}
                    />
                    {group.name}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
        </div>
      ) : null}
      <FieldProblem text={problem} />
    </div>
  );
}
