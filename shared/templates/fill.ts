/**
 * Templates are plain flow JSON with two kinds of blanks, filled by `fillTemplate`:
 * `{{name}}` inside any string (names of collections, paths, titles), and `{"$slot": "name"}`
 * standing for a whole value worked out from the builder's answers (a body schema, a filter).
 */
export type TemplateValues = { text: Readonly<Record<string, string>>; slots: Readonly<Record<string, unknown>> };

const BLANK = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g;

const isSlot = (value: unknown): value is { $slot: string } =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { $slot?: unknown }).$slot === 'string';

/** Thrown for a blank the values do not fill: a template and its values written apart. */
export class TemplateBlankError extends Error {
  constructor(readonly blank: string) {
    super(`The template has a blank "${blank}" that its answers do not fill`);
    this.name = 'TemplateBlankError';
  }
}

/** A copy of the template with every blank filled; the template itself is left as it is. */
export function fillTemplate<T>(template: T, values: TemplateValues): T {
  return fill(template, values) as T;
}

function fill(value: unknown, values: TemplateValues): unknown {
  if (typeof value === 'string') {
    return value.replace(BLANK, (_whole, name: string) => {
      const text = values.text[name];
      if (text === undefined) throw new TemplateBlankError(name);
      return text;
    });
  }
  if (Array.isArray(value)) return value.map((item) => fill(item, values));
  if (isSlot(value)) {
    if (!Object.hasOwn(values.slots, value.$slot)) throw new TemplateBlankError(value.$slot);
    return structuredClone(values.slots[value.$slot]);
  }
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item, values)]));
  return value;
}
