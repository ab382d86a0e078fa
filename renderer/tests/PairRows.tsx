import { Icon } from '../theme/icons.js';
import { newPair, type Pair } from './suite-form.js';

type Props = {
  pairs: Pair[];
  onChange: (pairs: Pair[]) => void;
  /** "header", "saved value": names the fields and buttons. */
  noun: string;
  namePlaceholder: string;
  valuePlaceholder: string;
  testId: string;
  /** The server's word on a line, by its name. */
  problemOf?: (pair: Pair) => string | undefined;
};

/** Name / value lines of a suite step (query, headers, expected headers, saved values) with add and remove. */
export function PairRows({ pairs, onChange, noun, namePlaceholder, valuePlaceholder, testId, problemOf }: Props) {
  const update = (id: string, patch: Partial<Pair>): void => onChange(pairs.map((pair) => (pair.id === id ? { ...pair, ...patch } : pair)));
  return (
    <div className="suite-pairs" data-testid={testId}>
      {pairs.map((pair, index) => {
        const problem = problemOf?.(pair);
        return (
          <div key={pair.id} className="suite-pair" data-name={pair.name}>
            <div className="suite-pair-fields">
              <input className={`input mono ${problem ? 'invalid' : ''}`} value={pair.name} placeholder={namePlaceholder} aria-label={`${noun} ${index + 1} name`} aria-invalid={problem ? true : undefined} onChange={(event) => update(pair.id, { name: event.target.value })} data-testid={`${testId}-name`} />
              <input className="input mono" value={pair.value} placeholder={valuePlaceholder} aria-label={`${noun} ${pair.name || index + 1} value`} onChange={(event) => update(pair.id, { value: event.target.value })} data-testid={`${testId}-value`} />
              <button type="button" className="btn btn-ghost btn-sm btn-icon" aria-label={`Remove ${noun} ${pair.name || index + 1}`} title="Remove" onClick={() => onChange(pairs.filter((other) => other.id !== pair.id))}>
                <Icon name="x" size={12} />
              </button>
            </div>
            {problem ? <span className="field-error" role="alert" data-testid="suite-field-error">{problem}</span> : null}
          </div>
        );
      })}
      <button type="button" className="btn btn-ghost btn-sm suite-pairs-add" onClick={() => onChange([...pairs, newPair()])} data-testid={`${testId}-add`}>
        <Icon name="plus" /> Add {noun}
      </button>
    </div>
  );
}
