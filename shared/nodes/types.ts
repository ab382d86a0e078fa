/** A config field, declarative enough that the inspector draws its form and the compiler checks it. */
export type ConfigField =
  | FieldBase<'expression', string> // JSONata source
  | FieldBase<'text', string> // a plain string (not evaluated)
  | FieldBase<'integer', number> & { min?: number; max?: number }
  | FieldBase<'boolean', boolean>
  | FieldBase<'select', string | number> & { options: readonly SelectOption[] }
  | FieldBase<'expressionMap', Record<string, string>> // named JSONata expressions
  | FieldBase<'jsonSchema', Record<string, unknown>>;

type FieldBase<K extends string, V> = {
  kind: K;
  name: string;
  label: string;
  help?: string;
  placeholder?: string;
  required?: boolean;
  default: V;
  /** The field is shown (and checked) only when another field has one of these values. */
  showWhen?: { field: string; values: readonly (string | number | boolean)[] };
  /** For `text` fields: a pattern the value must match, with the sentence that explains it. */
  pattern?: { regex: RegExp; message: string };
};

export type SelectOption = { value: string | number; label: string };

export type NodeCategory = 'Flow' | 'Data' | 'Records' | 'Integrations' | 'Output';
export const NODE_CATEGORIES: readonly NodeCategory[] = ['Flow', 'Data', 'Records', 'Integrations', 'Output'];

export type NodeProblem = { field?: string; message: string; severity: 'error' | 'warning' };

export type NodeDefinition = {
  type: string;
  label: string;
  category: NodeCategory;
  /** A short name of an icon the editor draws (see renderer/canvas/icons). */
  icon: string;
  description: string;
  /** Outgoing ports, in display order. Terminal nodes have none. */
  ports: readonly string[];
  /** True for Respond, Redirect and Fail: a path ends here. */
  terminal: boolean;
  /** False only for Request, which starts the flow. */
  hasInput: boolean;
  fields: readonly ConfigField[];
  /** Checks beyond each field's own kind, e.g. a status range. */
  check?: (config: Record<string, unknown>) => NodeProblem[];
  /** A one-line summary of a config, for the canvas. */
  summary: (config: Record<string, unknown>) => string;
};

/** Fills in defaults, so executors and forms always see every field. */
export function withDefaults(definition: NodeDefinition, config: Record<string, unknown>): Record<string, unknown> {
  const filled: Record<string, unknown> = { ...config };
  for (const field of definition.fields) {
    if (filled[field.name] === undefined) filled[field.name] = structuredClone(field.default);
  }
  return filled;
}

export function isFieldShown(field: ConfigField, config: Record<string, unknown>): boolean {
  if (!field.showWhen) return true;
  return field.showWhen.values.includes(config[field.showWhen.field] as string | number | boolean);
}

export const shorten = (text: unknown, max = 40): string => {
  const value = typeof text === 'string' ? text : JSON.stringify(text) ?? '';
  const oneLine = value.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
};
