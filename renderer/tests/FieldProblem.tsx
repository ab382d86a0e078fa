/** The server's (or the form's) word on one field of the suite editor, under the field. */
export function FieldProblem({ text }: { text: string | undefined }) {
  return text ? <span className="field-error" role="alert" data-testid="suite-field-error">{text}</span> : null;
}
