import { BODY_METHODS, type HttpMethod } from '../../../shared/model/api.js';
import { formToSchema } from '../../../shared/input-form.js';
import { useEditor } from '../../stores/editor.js';
import { documentedBodyOf } from './documented-body.js';
import { SchemaFormField } from './SchemaFormField.js';
import './input-form.css';

type Props = { method: HttpMethod; schema: Record<string, unknown> | null; onChange: (schema: Record<string, unknown> | null) => void };

/** A body's first field: named, so the builder renames it rather than fills a blank. */
const FIRST_FIELD_SCHEMA = formToSchema({ fields: [{ name: 'name', type: 'string', required: true }], acceptOthers: false });

/** The endpoint's body: the fields a call must send (checked before the flow runs, answered 400 otherwise), or any JSON. */
export function BodySection({ method, schema, onChange }: Props) {
  const validateKey = useEditor((state) => {
    const documented = schema ? null : documentedBodyOf(state);
    return documented?.from === 'validate' ? documented.nodeKey : null;
  });
  if (schema === null) {
    return (
      <div className="body-section">
        {validateKey ? (
          <p className="field-help" data-testid="body-from-validate">
            The Validate step <code>{validateKey}</code> checks the body first: its fields are what the docs, examples and snippets show.
          </p>
        ) : (
          <p className="field-help">Any JSON body is accepted. List the fields a call must send, and one that does not fit is answered 400 before the flow runs.</p>
        )}
        <button type="button" className="btn btn-sm" onClick={() => onChange(FIRST_FIELD_SCHEMA)} data-testid="body-add-fields">
          + Add body fields
        </button>
      </div>
    );
  }
  return (
    <div className="body-section">
      <p className="field-help">A call whose body does not fit is answered 400 before the flow runs. Read a field as request.body.&lt;name&gt;.</p>
      <SchemaFormField schema={schema} onChange={onChange} label="Body" testId="body-form" />
      <div className="row">
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => onChange(null)} data-testid="body-accept-any">
          Accept any body
        </button>
      </div>
      {BODY_METHODS.has(method) ? null : <span className="field-warning">{method} requests have no body: these fields are never checked.</span>}
    </div>
  );
}
