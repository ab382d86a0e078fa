import { Icon } from '../theme/icons.js';

/** At the top of the suite editor: every reason the last save was refused, in plain words, each naming its step and field. */
export function SuiteProblemsNote({ problems }: { problems: readonly string[] }) {
  if (problems.length === 0) return null;
  return (
    <div className="suite-problems" role="alert" data-testid="suite-problems">
      <Icon name="alert-circle" />
      <div>
        <strong>The suite was not saved{problems.length > 1 ? `: ${problems.length} things to fix` : ''}</strong>
        <ul>
          {problems.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}
