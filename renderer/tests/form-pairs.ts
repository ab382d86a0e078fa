/** One name/value line of a step: a query parameter, a header, an expected header, a saved value, a stub's header. */
export type Pair = { id: string; name: string; value: string };

let nextId = 1;
/** A key for a line or a row of the editor that stays the same while its text changes. */
export const newFormKey = (): string => `p${nextId++}`;
export const newPair = (name = '', value = ''): Pair => ({ id: newFormKey(), name, value });

export const pairsOf = (record: Record<string, string | string[]> | undefined): Pair[] =>
  Object.entries(record ?? {}).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((item) => newPair(name, item)));

/** The named lines as a record (lines without a name are left out). */
export function recordOf(pairs: readonly Pair[]): Record<string, string> {
  return Object.fromEntries(pairs.filter((pair) => pair.name.trim() !== '').map((pair) => [pair.name.trim(), pair.value]));
}
