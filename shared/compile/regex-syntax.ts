/**
 * ECMAScript regular expressions written for RE2, the linear-time engine every user- or caller-supplied
 * pattern runs on. Where the two syntaxes mean different things, the ECMAScript meaning is spelled out;
 * what RE2 cannot do at all (backreferences, lookaround) is refused with a reason a builder can act on.
 */
export type RegexTranslation = { ok: true; source: string } | { ok: false; reason: string };

/** ECMAScript's \s (RE2's is ASCII only), as the inside of a character class. */
const SPACE_CLASS = '\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';
/** ECMAScript's `.` stops at every line terminator; RE2's only at \n. */
const ANY_BUT_LINE_END = '[^\\n\\r\\x{2028}\\x{2029}]';
const EVERY_CODE_POINT = '\\x{0}-\\x{10FFFF}';
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const HEX = /^[0-9A-Fa-f]+$/;
/** ECMAScript's long Unicode property names that RE2 knows only by their short names. */
const GENERAL_CATEGORIES: Record<string, string> = {
  Letter: 'L', Cased_Letter: 'LC', Uppercase_Letter: 'Lu', Lowercase_Letter: 'Ll', Titlecase_Letter: 'Lt', Modifier_Letter: 'Lm', Other_Letter: 'Lo',
  Mark: 'M', Nonspacing_Mark: 'Mn', Spacing_Mark: 'Mc', Enclosing_Mark: 'Me',
  Number: 'N', Decimal_Number: 'Nd', digit: 'Nd', Letter_Number: 'Nl', Other_Number: 'No',
  Punctuation: 'P', punct: 'P', Connector_Punctuation: 'Pc', Dash_Punctuation: 'Pd', Open_Punctuation: 'Ps', Close_Punctuation: 'Pe',
  Initial_Punctuation: 'Pi', Final_Punctuation: 'Pf', Other_Punctuation: 'Po',
  Symbol: 'S', Math_Symbol: 'Sm', Currency_Symbol: 'Sc', Modifier_Symbol: 'Sk', Other_Symbol: 'So',
  Separator: 'Z', Space_Separator: 'Zs', Line_Separator: 'Zl', Paragraph_Separator: 'Zp',
  Other: 'C', Control: 'Cc', cntrl: 'Cc', Format: 'Cf', Surrogate: 'Cs', Private_Use: 'Co', Unassigned: 'Cn',
};
const PROPERTY_PREFIX = /^(?:Script|sc|Script_Extensions|scx|General_Category|gc)=/;

type Step = { ok: true; text: string; next: number } | { ok: false; reason: string };

/** Translates an ECMAScript pattern (flags: only `u` changes the syntax) into RE2 syntax, or says why it cannot run there. */
export function translateToRe2(source: string, unicode: boolean): RegexTranslation {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const step = translateAt(source, i, unicode);
    if (!step.ok) return step;
    out += step.text;
    i = step.next;
  }
  return { ok: true, source: out };
}

function translateAt(source: string, i: number, unicode: boolean): Step {
  const ch = source[i]!;
  if (ch === '\\') return translateEscape(source, i, false, unicode);
  if (ch === '[') return translateClass(source, i, unicode);
  if (ch === '.') return { ok: true, text: ANY_BUT_LINE_END, next: i + 1 };
  if (ch === '(' && source[i + 1] === '?') {
    const kind = source.slice(i + 2, i + 4);
    if (kind.startsWith('=') || kind.startsWith('!')) return refuse(`uses a lookahead ("(?${kind[0]}"), which a linear-time engine cannot run; match the text itself, or check it in a separate condition`);
    if (kind === '<=' || kind === '<!') return refuse(`uses a lookbehind ("(?${kind}"), which a linear-time engine cannot run; match the text itself, or check it in a separate condition`);
    if (kind.startsWith('<')) return { ok: true, text: '(?P<', next: i + 3 };
  }
  return { ok: true, text: ch, next: i + 1 };
}

function translateClass(source: string, start: number, unicode: boolean): Step {
  let i = start + 1;
  const negated = source[i] === '^';
  if (negated) i++;
  // `[]` matches nothing and `[^]` anything in ECMAScript; RE2 would read the `]` as a member.
  if (source[i] === ']') return { ok: true, text: negated ? `[${EVERY_CODE_POINT}]` : `[^${EVERY_CODE_POINT}]`, next: i + 1 };
  let body = '';
  while (i < source.length && source[i] !== ']') {
    const ch = source[i]!;
    if (ch === '\\') {
      const step = translateEscape(source, i, true, unicode);
      if (!step.ok) return step;
      body += step.text;
      i = step.next;
    } else {
      body += ch === '[' ? '\\[' : ch; // RE2 reads `[:` inside a class as a POSIX class
      i++;
    }
  }
  if (i >= source.length) return refuse('has a "[" that is never closed');
  return { ok: true, text: `[${negated ? '^' : ''}${body}]`, next: i + 1 };
}

function translateEscape(source: string, i: number, inClass: boolean, unicode: boolean): Step {
  const ch = source[i + 1];
  if (ch === undefined) return refuse('ends with a lone backslash');
  const same = (text: string, length = 2): Step => ({ ok: true, text, next: i + length });
  switch (ch) {
    case 'd': case 'D': case 'w': case 'W': case 'f': case 'n': case 'r': case 't':
      return same(`\\${ch}`);
    case 'b':
      return same(inClass ? '\\x08' : '\\b');
    case 'B':
      return same(inClass ? 'B' : '\\B');
    case 's':
      return same(inClass ? SPACE_CLASS : `[${SPACE_CLASS}]`);
    case 'S':
      // Inside a class RE2's \S stands in: it differs from ECMAScript's only on \v and non-ASCII spaces.
      return same(inClass ? '\\S' : `[^${SPACE_CLASS}]`);
    case 'v':
      return same('\\x{0B}');
    case '0':
      if (/[0-9]/.test(source[i + 2] ?? '')) return refuse(`uses an octal escape ("\\0${source[i + 2]}"); write the character as \\xHH instead`);
      return same('\\x{0}');
    case 'k':
      if (source[i + 2] === '<') return refuse('uses a backreference ("\\k<…>"), which a linear-time engine cannot run; match the text itself instead');
      return same('k');
    case 'c': {
      const letter = source[i + 2] ?? '';
      if (/^[A-Za-z]$/.test(letter)) return same(codePoint(letter.charCodeAt(0) % 32), 3);
      return same('\\\\c');
    }
    case 'x': {
      const hex = source.slice(i + 2, i + 4);
      return hex.length === 2 && HEX.test(hex) ? same(`\\x{${hex}}`, 4) : same('x');
    }
    case 'u':
      return translateUnicodeEscape(source, i, unicode);
    case 'p':
    case 'P':
      return unicode ? translateProperty(source, i) : same(ch);
    default:
      if (/[1-9]/.test(ch)) return refuse(`uses a backreference ("\\${ch}"), which a linear-time engine cannot run; match the text itself instead`);
      if (/[A-Za-z]/.test(ch)) return same(ch); // an identity escape: ECMAScript reads \a as "a", RE2 as something else
      return same(ASCII_PUNCTUATION.test(ch) ? `\\${ch}` : ch);
  }
}

function translateUnicodeEscape(source: string, i: number, unicode: boolean): Step {
  if (unicode && source[i + 2] === '{') {
    const end = source.indexOf('}', i + 3);
    const hex = end < 0 ? '' : source.slice(i + 3, end);
    if (HEX.test(hex)) return { ok: true, text: `\\x{${hex}}`, next: end + 1 };
  }
  const hex = source.slice(i + 2, i + 6);
  if (hex.length !== 4 || !HEX.test(hex)) return { ok: true, text: 'u', next: i + 2 };
  const unit = parseInt(hex, 16);
  const low = source.slice(i + 6, i + 12);
  // A surrogate pair written as two escapes is one character to RE2, which reads code points.
  if (unit >= 0xd800 && unit <= 0xdbff && /^\\u[Dd][C-Fc-f][0-9A-Fa-f]{2}$/.test(low)) {
    const point = 0x10000 + ((unit - 0xd800) << 10) + (parseInt(low.slice(2), 16) - 0xdc00);
    return { ok: true, text: codePoint(point), next: i + 12 };
  }
  return { ok: true, text: codePoint(unit), next: i + 6 };
}

function translateProperty(source: string, i: number): Step {
  const ch = source[i + 1]!;
  if (source[i + 2] !== '{') return refuse(`has "\\${ch}" without a property name in braces, like \\${ch}{L}`);
  const end = source.indexOf('}', i + 3);
  if (end < 0) return refuse(`has "\\${ch}{" that is never closed`);
  const name = source.slice(i + 3, end).replace(PROPERTY_PREFIX, '');
  return { ok: true, text: `\\${ch}{${GENERAL_CATEGORIES[name] ?? name}}`, next: end + 1 };
}

const codePoint = (point: number): string => `\\x{${point.toString(16).toUpperCase()}}`;
const refuse = (reason: string): Step => ({ ok: false, reason });
