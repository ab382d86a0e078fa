import type { z } from 'zod';

/**
 * C0 controls (NUL, ESC, CR, LF…), DEL, C1 controls, the line and paragraph separators, and the
 * bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make a name
 * read differently from what it is, in the editor, the logs and a terminal.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE_IN_NAMES = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

export const PLAIN_NAME_MESSAGE =
  'a name may not contain control characters (NUL, ESC, line breaks…) or bidirectional overrides (U+202A–U+202E, U+2066–U+2069)';

export const isPlainName = (name: string): boolean => !UNPRINTABLE_IN_NAMES.test(name);

/** The one check every name of the product goes through: API, token, key-group and environment names. */
export function plainName<S extends z.ZodType<string>>(schema: S): S {
  return schema.refine(isPlainName, PLAIN_NAME_MESSAGE) as S;
}
