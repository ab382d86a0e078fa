/**
 * JSONata's built-in functions with their signatures, as jsonata 2.x registers them (jsonata.js,
 * `staticFrame.bind`, plus `$now` and `$millis` bound per evaluation), and how each is called.
 * A unit test compares every signature with the library's own, so an upgrade that changes one fails loudly.
 */
export const JSONATA_FUNCTIONS: Readonly<Record<string, { signature: string; usage: string }>> = {
  sum: { signature: '<a<n>:n>', usage: 'array' },
  count: { signature: '<a:n>', usage: 'array' },
  max: { signature: '<a<n>:n>', usage: 'array' },
  min: { signature: '<a<n>:n>', usage: 'array' },
  average: { signature: '<a<n>:n>', usage: 'array' },
  string: { signature: '<x-b?:s>', usage: 'value, prettify?' },
  substring: { signature: '<s-nn?:s>', usage: 'text, start, length?' },
  substringBefore: { signature: '<s-s:s>', usage: 'text, chars' },
  substringAfter: { signature: '<s-s:s>', usage: 'text, chars' },
  lowercase: { signature: '<s-:s>', usage: 'text' },
  uppercase: { signature: '<s-:s>', usage: 'text' },
  length: { signature: '<s-:n>', usage: 'text' },
  trim: { signature: '<s-:s>', usage: 'text' },
  pad: { signature: '<s-ns?:s>', usage: 'text, width, char?' },
  match: { signature: '<s-f<s:o>n?:a<o>>', usage: 'text, pattern, limit?' },
  contains: { signature: '<s-(sf):b>', usage: 'text, pattern' },
  replace: { signature: '<s-(sf)(sf)n?:s>', usage: 'text, pattern, replacement, limit?' },
  split: { signature: '<s-(sf)n?:a<s>>', usage: 'text, separator, limit?' },
  join: { signature: '<a<s>s?:s>', usage: 'array, separator?' },
  formatNumber: { signature: '<n-so?:s>', usage: 'number, picture, options?' },
  formatBase: { signature: '<n-n?:s>', usage: 'number, radix?' },
  formatInteger: { signature: '<n-s:s>', usage: 'number, picture' },
  parseInteger: { signature: '<s-s:n>', usage: 'text, picture' },
  number: { signature: '<(nsb)-:n>', usage: 'value' },
  floor: { signature: '<n-:n>', usage: 'number' },
  ceil: { signature: '<n-:n>', usage: 'number' },
  round: { signature: '<n-n?:n>', usage: 'number, precision?' },
  abs: { signature: '<n-:n>', usage: 'number' },
  sqrt: { signature: '<n-:n>', usage: 'number' },
  power: { signature: '<n-n:n>', usage: 'base, exponent' },
  random: { signature: '<:n>', usage: '' },
  boolean: { signature: '<x-:b>', usage: 'value' },
  not: { signature: '<x-:b>', usage: 'value' },
  map: { signature: '<af>', usage: 'array, function' },
  zip: { signature: '<a+>', usage: 'array1, array2, …' },
  filter: { signature: '<af>', usage: 'array, function' },
  single: { signature: '<af?>', usage: 'array, function?' },
  reduce: { signature: '<afj?:j>', usage: 'array, function, init?' },
  sift: { signature: '<o-f?:o>', usage: 'object, function' },
  keys: { signature: '<x-:a<s>>', usage: 'object' },
  lookup: { signature: '<x-s:x>', usage: 'object, key' },
  append: { signature: '<xx:a>', usage: 'array1, array2' },
  exists: { signature: '<x:b>', usage: 'value' },
  spread: { signature: '<x-:a<o>>', usage: 'object' },
  merge: { signature: '<a<o>:o>', usage: 'array of objects' },
  reverse: { signature: '<a:a>', usage: 'array' },
  each: { signature: '<o-f:a>', usage: 'object, function' },
  error: { signature: '<s?:x>', usage: 'message?' },
  assert: { signature: '<bs?:x>', usage: 'condition, message?' },
  type: { signature: '<x:s>', usage: 'value' },
  sort: { signature: '<af?:a>', usage: 'array, function?' },
  shuffle: { signature: '<a:a>', usage: 'array' },
  distinct: { signature: '<x:x>', usage: 'array' },
  base64encode: { signature: '<s-:s>', usage: 'text' },
  base64decode: { signature: '<s-:s>', usage: 'text' },
  encodeUrlComponent: { signature: '<s-:s>', usage: 'text' },
  encodeUrl: { signature: '<s-:s>', usage: 'text' },
  decodeUrlComponent: { signature: '<s-:s>', usage: 'text' },
  decodeUrl: { signature: '<s-:s>', usage: 'text' },
  eval: { signature: '<sx?:x>', usage: 'expression, context?' },
  toMillis: { signature: '<s-s?:n>', usage: 'timestamp, picture?' },
  fromMillis: { signature: '<n-s?s?:s>', usage: 'millis, picture?, timezone?' },
  clone: { signature: '<(oa)-:o>', usage: 'object' },
  now: { signature: '<s?s?:s>', usage: 'picture?, timezone?' },
  millis: { signature: '<:n>', usage: '' },
};

/** How many arguments a signature takes. A `-` parameter is optional: JSONata passes the context in its place. */
export type Arity = { min: number; max: number };

/** What the function returns, by its signature's letter: s, n, b, a, o… or undefined when it does not say. */
export type SignatureParts = { arity: Arity; returns: string | undefined };

/** Reads a JSONata signature such as `<s-nn?:s>`: parameters (one letter, a `(…)` choice, then `<…>` subtypes and `?`, `+`, `-`) and the return type after `:`. */
export function readSignature(signature: string): SignatureParts {
  const body = signature.slice(1, -1);
  let min = 0;
  let max = 0;
  let i = 0;
  let returns: string | undefined;
  while (i < body.length) {
    const ch = body[i]!;
    if (ch === ':') {
      returns = body[i + 1];
      break;
    }
    i = ch === '(' ? body.indexOf(')', i) + 1 : i + 1;
    if (body[i] === '<') i = closingAngle(body, i) + 1;
    const modifier = body[i];
    if (modifier === '?' || modifier === '-') {
      max += 1;
      i += 1;
    } else if (modifier === '+') {
      min += 1;
      max = Number.POSITIVE_INFINITY;
      i += 1;
    } else {
      min += 1;
      max += 1;
    }
  }
  return { arity: { min, max }, returns };
}

function closingAngle(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '<') depth += 1;
    if (text[i] === '>' && --depth === 0) return i;
  }
  return text.length;
}

/** `$substring(text, start, length?)`: how a builder sees a function's parameters. */
export const functionUsage = (name: string): string => `$${name}(${JSONATA_FUNCTIONS[name]?.usage ?? '…'})`;
