import type { TestDiff } from '../../shared/api/tests.js';

/** A diff longer than this says what it left out instead of growing a report without bound. */
export const MAX_DIFFS = 50;

type Mode = 'subset' | 'equals';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const pointer = (path: string, key: string | number): string => `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

/** Equal as JSON: same scalars, same keys (in any order), same items in order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a).filter((key) => a[key] !== undefined);
    const other = Object.keys(b).filter((key) => b[key] !== undefined);
    return keys.length === other.length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
  }
  return false;
}

/**
 * What differs between an expected and an actual JSON value, as JSON pointers. In `subset` mode
 * the actual value may hold more fields than the expected one (arrays still match item by item,
 * each item as a subset); in `equals` mode it may not.
 */
export function jsonDiff(expected: unknown, actual: unknown, mode: Mode): TestDiff[] {
  const diffs: TestDiff[] = [];
  walk(expected, actual, '', mode, diffs);
  return diffs;
}

/** Whether `actual` holds everything `expected` names, with the same values. */
export const matchesSubset = (expected: unknown, actual: unknown): boolean => jsonDiff(expected, actual, 'subset').length === 0;

function walk(expected: unknown, actual: unknown, path: string, mode: Mode, diffs: TestDiff[]): void {
  if (diffs.length >= MAX_DIFFS) return;
  if (isObject(expected) && isObject(actual)) {
    for (const key of Object.keys(expected)) {
      if (expected[key] === undefined) continue;
      if (!Object.hasOwn(actual, key) || actual[key] === undefined) diffs.push({ path: pointer(path, key), kind: 'missing', expected: expected[key] });
      else walk(expected[key], actual[key], pointer(path, key), mode, diffs);
      if (diffs.length >= MAX_DIFFS) return;
    }
    if (mode === 'equals') {
      for (const key of Object.keys(actual)) {
        if (actual[key] !== undefined && (!Object.hasOwn(expected, key) || expected[key] === undefined)) {
          diffs.push({ path: pointer(path, key), kind: 'unexpected', actual: actual[key] });
          if (diffs.length >= MAX_DIFFS) return;
        }
      }
    }
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const shared = Math.min(expected.length, actual.length);
    for (let index = 0; index < shared; index++) walk(expected[index], actual[index], pointer(path, index), mode, diffs);
    for (let index = shared; index < expected.length && diffs.length < MAX_DIFFS; index++) diffs.push({ path: pointer(path, index), kind: 'missing', expected: expected[index] });
    for (let index = shared; index < actual.length && diffs.length < MAX_DIFFS; index++) diffs.push({ path: pointer(path, index), kind: 'unexpected', actual: actual[index] });
    return;
  }
  if (!jsonEqual(expected, actual)) diffs.push({ path, kind: 'changed', expected, actual });
}

/** `/user/name` → `user.name`, `` → `the body`: a diff's place in words. */
export function describePath(path: string, root = 'the body'): string {
  if (path === '') return root;
  return path
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join('');
}
