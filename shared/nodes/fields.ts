import type { ConditionRules } from '../rules.js';

/** A config field, declarative enough that the inspector draws its form and the compiler checks it. */
export type ConfigField =
  | FieldBase<'expression', string> // JSONata source
  | FieldBase<'text', string> // a plain string (not evaluated)
  | (FieldBase<'integer', number> & { min?: number; max?: number })
  | FieldBase<'boolean', boolean>
  | (FieldBase<'select', string | number> & { options: readonly SelectOption[] })
  | FieldBase<'expressionMap', Readonly<Record<string, string>>> // named JSONata expressions
  | FieldBase<'headerMap', Readonly<Record<string, string>>> // HTTP header name → JSONata expression
  | FieldBase<'jsonSchema', Readonly<Record<string, unknown>>>
  | FieldBase<'condition', string | ConditionRules>; // JSONata source, or rules compiled to it (shared/rules.ts)

export type FieldKind = ConfigField['kind'];

type FieldBase<K extends string, V> = {
  kind: K;
  name: string;
  label: string;
  help?: string;
  placeholder?: string;
  required?: boolean;
  default: V;
  /** The field is shown (and checked) only when another field has one of these values; hidden, it takes its default. */
  showWhen?: { field: string; values: readonly (string | number | boolean)[] };
  /** For `text` fields: a pattern the value must match, with the sentence that explains it. */
  pattern?: { regex: RegExp; message: string };
};

export type SelectOption = { value: string | number; label: string };

/** What a field holds in the flow JSON, by its kind; a select holds one of its options' values. */
export type FieldValue<F extends ConfigField> = F extends { kind: 'expression' | 'text' }
  ? string
  : F extends { kind: 'condition' }
    ? string | ConditionRules
  : F extends { kind: 'integer' }
    ? number
    : F extends { kind: 'boolean' }
      ? boolean
      : F extends { kind: 'select'; options: readonly (infer O)[] }
        ? O extends { value: infer V } ? V : never
        : F extends { kind: 'expressionMap' | 'headerMap' }
          ? Readonly<Record<string, string>>
          : F extends { kind: 'jsonSchema' }
            ? Readonly<Record<string, unknown>>
            : never;

/** A node's config as its fields declare it: one property per field name, of the field's value type. */
export type ConfigOf<Fields extends readonly ConfigField[]> = { readonly [F in Fields[number] as F['name']]: FieldValue<F> };

/** The field names of a config with values not yet checked, e.g. a draft being edited. */
export type UncheckedConfigOf<Fields extends readonly ConfigField[]> = { readonly [F in Fields[number] as F['name']]: unknown };

/** An HTTP header name (an RFC 9110 token). */
export const HEADER_NAME = {
  regex: /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/,
  message: "a header name holds letters, digits and !#$%&'*+-.^_`|~, without spaces",
} as const;

/** Any other map entry: a name without surrounding spaces. */
export const MAP_ENTRY_NAME = {
  regex: /^\S(?:.*\S)?$/,
  message: 'a name must not be empty or start or end with a space',
} as const;

/** The rule the names of a map field's entries follow. */
export const entryNameRule = (field: Extract<ConfigField, { kind: 'expressionMap' | 'headerMap' }>): { regex: RegExp; message: string } =>
  field.kind === 'headerMap' ? HEADER_NAME : MAP_ENTRY_NAME;

export function isFieldShown(field: ConfigField, config: Readonly<Record<string, unknown>>): boolean {
  if (!field.showWhen) return true;
  return field.showWhen.values.includes(config[field.showWhen.field] as string | number | boolean);
}
