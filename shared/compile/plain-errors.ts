import type { ExpressionFinding } from './functions.js';

/** JSONata's parse failure as expressions.ts keeps it: its message, where it stopped and its code. */
export type SyntaxFailure = { message: string; position: number; code?: string };

/** What a JSONata message quotes: a JSON value (`"}"`, `1`, `null`) or a bare word. */
const QUOTED = '("(?:[^"\\\\]|\\\\.)*"|\\S+)';
const CLOSERS = new Set([')', ']', '}']);

/**
 * JSONata's parser messages in words a builder can act on, with the characters to underline:
 * "The symbol "}" cannot be used as a unary operator" → "Something is missing before "}"".
 * Messages it does not know (a regex refused by the linear-time check, a newer JSONata's) pass as they are.
 */
export function plainSyntaxError(source: string, failure: SyntaxFailure): ExpressionFinding {
  const rewritten = rewrite(source, failure);
  const range = rewritten?.range ?? rangeBefore(source, failure.position, 1);
  const position = failure.position > 0 ? failure.position : range.from + 1;
  const message = rewritten ? `${rewritten.text} (position ${position})` : `${capitalized(failure.message)} (position ${position})`;
  return { code: 'invalid_expression', message, ...range };
}

type Rewritten = { text: string; range: { from: number; to: number } };

function rewrite(source: string, { message, position, code }: SyntaxFailure): Rewritten | null {
  const token = (pattern: string): string | undefined => {
    const match = new RegExp(pattern.replace('TOKEN', QUOTED)).exec(message);
    return match?.[1] === undefined ? undefined : unquoted(match[1]);
  };
  const end = rangeAtEnd(source);
  switch (code) {
    case 'S0101': {
      const open = unclosedQuote(source);
      return { text: `A text in quotes is never closed: add the closing ${source[open] ?? '"'} at its end`, range: { from: open, to: source.length } };
    }
    case 'S0102': {
      const number = token('^Number out of range: TOKEN$') ?? '';
      const at = Math.max(0, source.indexOf(number));
      return { text: `The number ${number} is too large`, range: { from: at, to: at + Math.max(1, number.length) } };
    }
    case 'S0103': {
      const escaped = token('^Unsupported escape sequence: \\\\TOKEN$') ?? '';
      return { text: `"\\${escaped}" is not an escape JSONata knows; use \\", \\\\, \\n, \\t or \\u and 4 hex digits (write \\\\ for a backslash)`, range: rangeBefore(source, position, 2) };
    }
    case 'S0104':
      return { text: '"\\u" must be followed by 4 hex digits, like \\u00e9', range: rangeBefore(source, position, 2) };
    case 'S0105':
      return { text: 'A name in backquotes is never closed: add the closing `', range: { from: Math.max(0, source.lastIndexOf('`')), to: source.length } };
    case 'S0106':
      return { text: 'A comment is never closed: add */ where it ends', range: { from: Math.max(0, source.lastIndexOf('/*')), to: source.length } };
    case 'S0201': {
      const found = token('^Syntax error: TOKEN$') ?? '';
      return { text: `"${found}" cannot follow what comes before it: is an operator (like & or +) or a comma missing?`, range: tokenRange(source, position, found) };
    }
    case 'S0202': {
      const expected = token('^Expected TOKEN, got') ?? '';
      const found = token(', got TOKEN$') ?? '';
      return { text: `"${expected}" is missing before "${found}"`, range: tokenRange(source, position, found) };
    }
    case 'S0203': {
      const expected = token('^Expected TOKEN before end of expression$') ?? '';
      const what = CLOSERS.has(expected) ? `a closing "${expected}" is missing at the end` : `"${expected}" is missing at the end`;
      return { text: `The expression ends too soon: ${what}`, range: end };
    }
    case 'S0204': {
      const found = token('^Unknown operator: TOKEN$') ?? '';
      return { text: `"${found}" is not an operator JSONata knows`, range: tokenRange(source, position, found) };
    }
    case 'S0205': {
      const found = token('^Unexpected token: TOKEN$') ?? '';
      return { text: `"${found}" is not expected here`, range: tokenRange(source, position, found) };
    }
    case 'S0207': {
      const last = source.trimEnd().slice(-1);
      return { text: last === '.' ? 'A name is missing after the last "."' : `The expression stops too soon: something is missing after "${last}"`, range: end };
    }
    case 'S0208': {
      const name = /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(source.slice(0, position))?.[1];
      return { text: `A function's parameters are $names${name ? `: write $${name}` : ''}`, range: rangeBefore(source, position, 1) };
    }
    case 'S0211': {
      const found = token('^The symbol TOKEN cannot be used as a unary operator$') ?? '';
      const range = tokenRange(source, position, found);
      const before = source.slice(0, range.from).trimEnd().slice(-1);
      const hint = before === ',' ? ': another item after the ",", or remove the ","' : before === ':' ? ': a value after the ":"' : '';
      return { text: `Something is missing before "${found}"${hint}`, range };
    }
    case 'S0212':
      return { text: 'Only a $variable can stand left of ":=", like $total := 1', range: rangeBefore(source, position, 1) };
    case 'S0213': {
      const literal = token('^The literal value TOKEN cannot') ?? '';
      return { text: `"${literal}" cannot be a name in a path: put it in backquotes, like \`${literal}\``, range: rangeBefore(source, position, literal.length) };
    }
    case 'S0214': {
      const operator = token('^The right side of TOKEN must') ?? '';
      return { text: `After "${operator}" comes a $variable name`, range: rangeBefore(source, position, 1) };
    }
    case 'S0301':
      return { text: 'A regular expression cannot be empty', range: rangeBefore(source, position + 1, 2) };
    case 'S0302':
      return { text: 'A regular expression is never closed: add the closing /', range: { from: Math.max(0, source.lastIndexOf('/')), to: source.length } };
    default:
      return null;
  }
}

/** The characters of a token that ends at `position`: as the message quotes it ("b" for a string), bare, or one character. */
function tokenRange(source: string, position: number, found: string): { from: number; to: number } {
  for (const text of [JSON.stringify(found), `'${found}'`, found]) {
    if (text.length > 0 && source.slice(position - text.length, position) === text) return { from: position - text.length, to: position };
  }
  return rangeBefore(source, position, 1);
}

/** `length` characters ending at `position`, kept inside the source and never empty. */
function rangeBefore(source: string, position: number, length: number): { from: number; to: number } {
  const to = Math.min(Math.max(position, 1), source.length);
  return { from: Math.max(0, Math.min(to - length, source.length - 1)), to: Math.max(to, 1) };
}

/** The last character that is not a space: where "it ends too soon" is shown. */
function rangeAtEnd(source: string): { from: number; to: number } {
  const to = Math.max(1, source.trimEnd().length);
  return { from: to - 1, to };
}

/** Where the string that never closes starts: quotes and backquotes are followed, escapes skipped. */
function unclosedQuote(source: string): number {
  let open = -1;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (open >= 0) {
      if (ch === '\\') i++;
      else if (ch === source[open]) open = -1;
    } else if (ch === '"' || ch === "'") {
      open = i;
    }
  }
  return Math.max(0, open);
}

function unquoted(text: string): string {
  if (!text.startsWith('"')) return text;
  try {
    return String(JSON.parse(text));
  } catch {
    return text.slice(1, -1);
  }
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
