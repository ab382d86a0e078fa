import { ENUM_TYPES, boundsNoun, countsBounds, type InputField } from './input-form.js';

/** Which cell of a form's row a problem is about. */
export type FormColumn = 'name' | 'bounds' | 'enum' | 'example';

/** One problem of a form: the row (its names from the top, e.g. ["address", "street"]) and the cell. */
export type FormProblem = { row: readonly string[]; column: FormColumn; message: string };

/** What stops a form from meaning one clear thing: missing or repeated names, bounds the wrong way round, values of the wrong type. */
export function formProblems(fields: readonly InputField[], parent: readonly string[] = []): FormProblem[] {
  const problems: FormProblem[] = [];
  const seen = new Set<string>();
  for (const field of fields) {
    const row = [...parent, field.name];
    const at = (column: FormColumn, message: string): void => void problems.push({ row, column, message });
    const name = field.name.trim();
    if (name === '') at('name', 'Give the field a name');
    else if (seen.has(name)) at('name', `“${name}” is listed twice`);
    seen.add(name);
    boundProblems(field, at);
    if (field.enum && ENUM_TYPES.has(field.type)) {
      const wrong = field.enum.find((value) => !valueFits(field, value));
      if (wrong !== undefined) at('enum', `${JSON.stringify(wrong)} is not ${article(field.type)}`);
    }
    if (field.example !== undefined && !exampleFits(field, field.example)) at('example', `The example is not ${article(field.type)}${field.enum ? ' from the allowed values' : ''}`);
    if (field.fields) problems.push(...formProblems(field.fields, row));
  }
  return problems;
}

function boundProblems(field: InputField, at: (column: FormColumn, message: string) => void): void {
  const noun = boundsNoun(field.type);
  if (noun === null) return;
  for (const value of [field.min, field.max]) {
    if (value === undefined) continue;
    if (!Number.isFinite(value)) at('bounds', `Min and max are numbers`);
    else if (countsBounds(field.type) && (!Number.isInteger(value) || value < 0)) at('bounds', `The ${noun} is a whole number, 0 or more`);
  }
  if (field.min !== undefined && field.max !== undefined && field.min > field.max) at('bounds', `The least ${noun} is more than the most`);
}

const article = (type: string): string => (type === 'integer' || type === 'object' || type === 'array' ? `an ${type}` : `a ${type}`);

function valueFits(field: InputField, value: unknown): boolean {
  switch (field.type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

/** Whether an example is of the field's type and, when the field lists values, one of them. */
function exampleFits(field: InputField, value: unknown): boolean {
  if (!valueFits(field, value)) return false;
  return !field.enum || field.enum.some((allowed) => allowed === value);
}
