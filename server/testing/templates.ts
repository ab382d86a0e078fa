/** `{{userId}}`: a value an earlier step of a suite saved. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

/** A step names a value no earlier step saved. */
export class UnknownSuiteValue extends Error {
  constructor(readonly valueName: string, known: readonly string[]) {
    super(`{{${valueName}}} names no value an earlier step saved${known.length > 0 ? ` (saved so far: ${known.join(', ')})` : ' (none saved so far)'}`);
    this.name = 'UnknownSuiteValue';
  }
}

const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');

/**
 * Fills `{{name}}` placeholders with saved values: a string that is only a placeholder becomes the
 * value itself (a number stays a number in a body), one inside text becomes its text.
 */
export function fillValues<T>(value: T, vars: Readonly<Record<string, unknown>>): T {
  const lookup = (name: string): unknown => {
    if (!Object.hasOwn(vars, name)) throw new UnknownSuiteValue(name, Object.keys(vars));
    return vars[name];
  };
  const fill = (current: unknown): unknown => {
    if (typeof current === 'string') {
      const whole = WHOLE_PLACEHOLDER.exec(current);
      if (whole) return lookup(whole[1]!);
      return current.replace(PLACEHOLDER, (_match, name: string) => asText(lookup(name)));
    }
    if (Array.isArray(current)) return current.map(fill);
    if (typeof current === 'object' && current !== null) {
      return Object.fromEntries(Object.entries(current).map(([key, item]) => [key, fill(item)]));
    }
    return current;
  };
  return fill(value) as T;
}

/** Like fillValues, for places that take text only (path params, headers, query): every value becomes text. */
export function fillText(values: Readonly<Record<string, string>>, vars: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(Object.entries(fillValues(values, vars)).map(([key, value]) => [key, asText(value)]));
}
