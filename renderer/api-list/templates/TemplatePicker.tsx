import { TEMPLATES, type TemplateName } from '../../../shared/templates/catalog.js';

export type Start = 'blank' | TemplateName;

const BLANK = { title: 'Blank', description: 'Just the Request node: build the flow yourself.' };

/** How a new API starts: blank, or from one of the templates. */
export function TemplatePicker({ value, onChange }: { value: Start; onChange: (start: Start) => void }) {
  const choices: [Start, { title: string; description: string }][] = [['blank', BLANK], ...(Object.entries(TEMPLATES) as [TemplateName, { title: string; description: string }][])];
  return (
    <div className="template-picker" role="radiogroup" aria-label="Start from">
      {choices.map(([name, template]) => (
        <button key={name} type="button" role="radio" aria-checked={value === name} className={`template-choice ${value === name ? 'selected' : ''}`} onClick={() => onChange(name)} data-testid={`start-${name}`}>
          <strong>{template.title}</strong>
          <span>{template.description}</span>
        </button>
      ))}
    </div>
  );
}
