import { TEST_LIMITS } from '../../shared/model/api-tests.js';
import { Icon } from '../theme/icons.js';
import { FieldProblem } from './FieldProblem.js';
import { newFixtureForm, readRecords, recordTotal, type FixtureForm } from './suite-data-form.js';

type Props = {
  fixtures: FixtureForm[];
  onChange: (fixtures: FixtureForm[]) => void;
  /** The server's (or the form's) word by field key (`fixtures.<index>.records`, `fixtures`). */
  problems: Readonly<Record<string, string>>;
};

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** The suite's records seeded into the run's throwaway copy of the data before step 1, per collection, checked as JSON while typed. */
export function SuiteFixtures({ fixtures, onChange, problems }: Props) {
  const update = (key: string, patch: Partial<FixtureForm>): void => onChange(fixtures.map((fixture) => (fixture.key === key ? { ...fixture, ...patch } : fixture)));
  const total = recordTotal(fixtures);
  return (
    <fieldset className="suite-part suite-fixtures" data-testid="suite-fixtures">
      <legend className="section-title">Records seeded before the run</legend>
      <p className="faint">
        Put into the run’s throwaway copy of the data before step 1, per collection; the live records stay untouched. Steps read them like any other record (GET /notes/:id with an id given here).
      </p>
      {fixtures.length === 0 ? <p className="faint">No records seeded: the steps start from a copy of the live records.</p> : null}
      {fixtures.map((fixture, index) => {
        const reading = readRecords(fixture.records);
        const typed = reading.ok ? null : reading.message;
        // Checked as typed, the box speaks for itself; the last save's word stays until the box is edited (see openProblems).
        const recordsProblem = typed ?? problems[`fixtures.${index}.records`];
        const collectionProblem = problems[`fixtures.${index}.collection`];
        return (
          <div key={fixture.key} className="suite-fixture" data-testid="suite-fixture" data-collection={fixture.collection}>
            <div className="suite-fixture-head">
              <label className="field grow">
                <span className="field-label">Collection</span>
                <input className={`input mono ${collectionProblem ? 'invalid' : ''}`} value={fixture.collection} placeholder="notes" onChange={(event) => update(fixture.key, { collection: event.target.value })} data-testid="suite-fixture-collection" />
                <FieldProblem text={collectionProblem} />
              </label>
              <span className={`suite-fixture-count ${reading.ok ? 'muted' : 'tone-bad'}`} data-testid="suite-fixture-count">
                {reading.ok ? plural(reading.records.length, 'record') : 'not read'}
              </span>
              <button type="button" className="btn btn-ghost btn-sm btn-icon" aria-label={`Remove the records of ${fixture.collection || `collection ${index + 1}`}`} title="Remove this collection’s records" onClick={() => onChange(fixtures.filter((other) => other.key !== fixture.key))}>
                <Icon name="trash" size={13} />
              </button>
            </div>
            <label className="field">
              <span className="field-label">Records (a JSON array of objects; an "id" makes a record easy to read back)</span>
              <textarea
                className={`textarea mono suite-json suite-fixture-records ${recordsProblem ? 'invalid' : ''}`}
                value={fixture.records}
                spellCheck={false}
                placeholder='[{"id": "n1", "title": "Groceries"}]'
                aria-invalid={recordsProblem ? true : undefined}
                onChange={(event) => update(fixture.key, { records: event.target.value })}
                data-testid="suite-fixture-records"
              />
              <FieldProblem text={recordsProblem} />
            </label>
          </div>
        );
      })}
      <div className="suite-fixtures-foot">
        <button type="button" className="btn btn-ghost btn-sm suite-pairs-add" onClick={() => onChange([...fixtures, newFixtureForm()])} data-testid="suite-fixture-add">
          <Icon name="plus" /> Add a collection’s records
        </button>
        <span className={`faint ${total > TEST_LIMITS.fixtureRecords ? 'tone-bad' : ''}`} data-testid="suite-fixtures-total">
          {total} of at most {TEST_LIMITS.fixtureRecords} records in all
        </span>
      </div>
      <FieldProblem text={problems.fixtures} />
    </fieldset>
  );
}

/** In the step list, above step 1: the seeded records, chosen like a step to edit them. */
export function SuiteFixturesEntry({ fixtures, selected, hasProblem, onSelect }: { fixtures: FixtureForm[]; selected: boolean; hasProblem: boolean; onSelect: () => void }) {
  const total = recordTotal(fixtures);
  const collections = fixtures.filter((fixture) => fixture.collection.trim() !== '').length;
  return (
    <div className={`suite-step-row suite-fixtures-entry ${selected ? 'selected' : ''} ${hasProblem ? 'has-problem' : ''}`}>
      <button type="button" className="suite-step-main" onClick={onSelect} aria-current={selected ? 'step' : undefined} data-testid="suite-fixtures-entry">
        <span className="suite-step-number">
          <Icon name="database-plus" size={12} />
        </span>
        <span className="suite-step-text">
          <span className="ellipsis">Records seeded before the run</span>
          <span className="ellipsis faint">{total === 0 && collections === 0 ? 'none: the steps start from the live records' : `${plural(total, 'record')} in ${plural(collections, 'collection')}`}</span>
        </span>
        {hasProblem ? <Icon name="alert-circle" size={13} className="suite-step-problem" title="Something of the seeded records cannot be saved" /> : null}
      </button>
    </div>
  );
}
