import { RE2JS } from 're2js';
import { translateToRe2 } from './regex-syntax.js';

/**
 * A RegExp look-alike on RE2 (re2js, a pure-JS port): matching time grows with the input, never
 * exponentially, whatever the pattern. JSONata constructs it (`new RegexEngine(/re/g)`) and drives it
 * through `lastIndex` and `exec`; Ajv calls `test`. Patterns are ECMAScript syntax, translated once.
 */
export class LinearRegExp {
  lastIndex = 0;
  readonly source: string;
  readonly flags: string;
  readonly global: boolean;
  private readonly program: RE2JS;

  /** Throws UnsupportedRegexError for what RE2 cannot run (backreferences, lookaround) or cannot parse. */
  constructor(pattern: string | RegExp, flags?: string) {
    this.source = typeof pattern === 'string' ? pattern : pattern.source;
    this.flags = typeof pattern === 'string' ? (flags ?? '') : pattern.flags;
    this.global = this.flags.includes('g');
    this.program = compileLinear(this.source, this.flags);
  }

  test(input: string): boolean {
    if (!this.global) return this.program.test(input);
    return this.exec(input) !== null;
  }

  /** As RegExp#exec: searches from `lastIndex` when global, and moves it past the match (to 0 when none). */
  exec(input: string): RegExpExecArray | null {
    const from = this.global ? this.lastIndex : 0;
    if (from > input.length) return this.noMatch();
    const matcher = this.program.matcher(input);
    if (!matcher.find(from)) return this.noMatch();
    const groups: (string | undefined)[] = [];
    for (let group = 0; group <= matcher.groupCount(); group++) groups.push(matcher.group(group) ?? undefined);
    const result = Object.assign(groups, { index: matcher.start(), input, groups: undefined }) as unknown as RegExpExecArray;
    if (this.global) this.lastIndex = matcher.end();
    return result;
  }

  toString(): string {
    return `/${this.source}/${this.flags}`;
  }

  private noMatch(): null {
    if (this.global) this.lastIndex = 0;
    return null;
  }
}

/** Why a pattern cannot run on the linear-time engine; the message says what to change. */
export class UnsupportedRegexError extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(`the regular expression /${pattern}/ ${reason}`);
    this.name = 'UnsupportedRegexError';
  }
}

/** Why an ECMAScript pattern cannot run on the linear-time engine, or null when it can. */
export function linearRegexProblem(pattern: string, flags = ''): string | null {
  try {
    compileLinear(pattern, flags);
    return null;
  } catch (failure) {
    return failure instanceof Error ? failure.message : String(failure);
  }
}

/** Ajv's `code.regExp`: every `pattern` and `patternProperties` key of a schema compiles through it. */
export const linearRegExpForAjv = Object.assign((pattern: string, flags: string) => new LinearRegExp(pattern, flags), { code: 'LinearRegExp' });

/** Compiling costs up to a millisecond, and JSONata constructs a regex object on every evaluation: programs are shared. */
const MAX_CACHED_PROGRAMS = 1000;
const programs = new Map<string, RE2JS | UnsupportedRegexError>();
const SUPPORTED_FLAGS = /^[gimu]*$/;

function compileLinear(pattern: string, flags: string): RE2JS {
  const key = `${flags}/${pattern}`;
  let program = programs.get(key);
  if (program === undefined) {
    program = compileUncached(pattern, flags);
    if (programs.size >= MAX_CACHED_PROGRAMS) programs.clear();
    programs.set(key, program);
  }
  if (program instanceof UnsupportedRegexError) throw program;
  return program;
}

function compileUncached(pattern: string, flags: string): RE2JS | UnsupportedRegexError {
  if (!SUPPORTED_FLAGS.test(flags)) return new UnsupportedRegexError(pattern, `has flags "${flags}"; only i, m and u are supported`);
  const translated = translateToRe2(pattern, flags.includes('u'));
  if (!translated.ok) return new UnsupportedRegexError(pattern, translated.reason);
  const re2Flags = (flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0) | (flags.includes('m') ? RE2JS.MULTILINE : 0);
  try {
    return RE2JS.compile(translated.source, re2Flags);
  } catch (failure) {
    const message = failure instanceof Error ? failure.message.replace(/^error parsing regexp: /, '') : String(failure);
    return new UnsupportedRegexError(pattern, `cannot be compiled by the linear-time engine: ${message}`);
  }
}
