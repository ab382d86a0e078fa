import jsonata from 'jsonata';
import { linearRegexProblem } from './linear-regex.js';

export type ExpressionSyntax = { ok: true } | { ok: false; message: string; position: number };

/** The name chains an expression reads from the root of the context, e.g. `['request', 'params', 'id']`. */
export type ExpressionReferences = { paths: string[][] };

/**
 * Parsed once per distinct source and shared: treat as read-only. `ast` is JSONata's, absent for the plain
 * paths and literals that skip the parser; `code` is JSONata's error code (S0211…) when it has one.
 */
export type ExpressionAnalysis =
  | { ok: true; paths: readonly (readonly string[])[]; ast?: unknown }
  | { ok: false; message: string; position: number; code?: string };

/** Parsing is the costly part of compiling (tens of µs each); the editor recompiles on every edit, mostly with the same sources. */
const MAX_CACHED_ANALYSES = 5000;
const analyses = new Map<string, ExpressionAnalysis>();

/** `request.params.id` and the like: valid JSONata whose only reference is itself. These and SIMPLE_LITERAL skip the parser. */
const SIMPLE_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
/** Words the JSONata lexer treats specially; a path holding one goes through the real parser. */
const JSONATA_WORDS = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);
/** Literals that reference nothing, common as defaults: numbers, strings without escapes, true/false/null, {} and []. */
const SIMPLE_LITERAL = /^(?:-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?|"[^"\\]*"|'[^'\\]*'|true|false|null|\{\s*\}|\[\s*\])$/;

/** Whether a JSONata source parses; when not, jsonata's message and the character offset it stopped at. */
export function parseExpression(source: string): ExpressionSyntax {
  const analysis = analyzeExpression(source);
  return analysis.ok ? { ok: true } : { ok: false, message: analysis.message, position: analysis.position };
}

/** What an expression reads from the context root (`request`, `token`, `env`, `steps`); none when it does not parse. */
export function expressionReferences(source: string): ExpressionReferences {
  const analysis = analyzeExpression(source);
  return { paths: analysis.ok ? analysis.paths.map((path) => [...path]) : [] };
}

/** Syntax and references of a JSONata source, memoized. */
export function analyzeExpression(source: string): ExpressionAnalysis {
  const cached = analyses.get(source);
  if (cached) return cached;
  const analysis = analyze(source);
  if (analyses.size >= MAX_CACHED_ANALYSES) analyses.clear();
  analyses.set(source, analysis);
  return analysis;
}

function analyze(source: string): ExpressionAnalysis {
  if (SIMPLE_LITERAL.test(source)) return { ok: true, paths: [] };
  if (SIMPLE_PATH.test(source)) {
    const names = source.split('.');
    if (!names.some((name) => JSONATA_WORDS.has(name))) return { ok: true, paths: [names] };
  }
  let ast: unknown;
  try {
    ast = jsonata(source).ast();
  } catch (failure) {
    const { message, position, code } = (failure ?? {}) as { message?: unknown; position?: unknown; code?: unknown };
    return {
      ok: false,
      message: typeof message === 'string' ? message : 'the expression does not parse',
      position: typeof position === 'number' ? position : 0,
      ...(typeof code === 'string' ? { code } : {}),
    };
  }
  const regex = regexProblem(ast);
  if (regex) return { ok: false, ...regex };
  const found = new Map<string, string[]>();
  walk(ast, false, found, new Set());
  return { ok: true, paths: [...found.values()], ast };
}

/**
 * The first regular expression literal the linear-time engine cannot run (backreferences, lookaround), with
 * its position. JSONata has no way to build a regex from a string, so checking the literals covers them all.
 */
export function regexProblem(ast: unknown): { message: string; position: number } | null {
  const pending: unknown[] = [ast];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null || node instanceof RegExp || seen.has(node)) continue;
    seen.add(node);
    const { type, value, position } = node as { type?: unknown; value?: unknown; position?: unknown };
    if (type === 'regex' && value instanceof RegExp) {
      const problem = linearRegexProblem(value.source, value.flags.replace('g', ''));
      if (problem) return { message: problem, position: typeof position === 'number' ? position : 0 };
    }
    pending.push(...Object.values(node));
  }
  return null;
}

type AstNode = { type?: unknown; value?: unknown; steps?: unknown };

const isAstObject = (value: unknown): value is AstNode & Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Collects the name chains read from the root. Inside a path, every step after the first (and every filter
 * or group) is evaluated against the current item, not the root: there only `$$.…` reaches the root.
 */
function walk(node: unknown, relative: boolean, found: Map<string, string[]>, seen: Set<object>): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, relative, found, seen);
    return;
  }
  if (!isAstObject(node) || seen.has(node)) return;
  seen.add(node);
  if (node.type === 'path' && Array.isArray(node.steps)) {
    walkPath(node, node.steps, relative, found, seen);
    return;
  }
  if (node.type === 'name' && typeof node.value === 'string' && !relative) remember([node.value], found);
  for (const [property, child] of Object.entries(node)) {
    if (property === 'value' && typeof child !== 'object') continue;
    walk(child, relative, found, seen);
  }
}

function walkPath(path: Record<string, unknown>, steps: unknown[], relative: boolean, found: Map<string, string[]>, seen: Set<object>): void {
  const first = steps[0];
  const startsAtRoot = isAstObject(first) && first.type === 'variable' && first.value === '$';
  const startsAtContext = isAstObject(first) && first.type === 'variable' && first.value === '';
  const names: string[] = [];
  for (const step of steps.slice(startsAtRoot || startsAtContext ? 1 : 0)) {
    if (!isAstObject(step) || step.type !== 'name' || typeof step.value !== 'string') break;
    names.push(step.value);
  }
  if (names.length > 0 && (startsAtRoot || !relative)) remember(names, found);
  steps.forEach((step, index) => {
    const isName = isAstObject(step) && step.type === 'name';
    walk(step, index > 0 || isName ? true : relative, found, seen);
  });
  for (const [property, child] of Object.entries(path)) {
    if (property !== 'steps' && property !== 'type') walk(child, true, found, seen);
  }
}

function remember(names: string[], found: Map<string, string[]>): void {
  found.set(names.join('\u0000'), names);
}
