import { forget, keep, readKept } from '../panels/tokens/session-keep.js';
import type { TesterMode } from './history.js';
import type { RequestDraft, Row } from './request-model.js';
import type { TokenChoice } from './tester-store.js';

/** What the tester keeps across a reload of this session: mode, environment, token choice and pasted token, the request per API. */
export type TesterMemory = { mode: TesterMode; environment: string; tokenChoice: TokenChoice; pastedToken: string; drafts: Record<string, RequestDraft> };

const KEPT_KEY = 'tester';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isRow = (value: unknown): value is Row =>
  isObject(value) && typeof value.id === 'string' && typeof value.name === 'string' && typeof value.value === 'string' && typeof value.enabled === 'boolean';
const isDraft = (value: unknown): value is RequestDraft =>
  isObject(value) &&
  isObject(value.params) &&
  Object.values(value.params).every((param) => typeof param === 'string') &&
  Array.isArray(value.query) &&
  value.query.every(isRow) &&
  Array.isArray(value.headers) &&
  value.headers.every(isRow) &&
  typeof value.body === 'string';
const isChoice = (value: unknown): value is TokenChoice =>
  isObject(value) && (value.kind === 'none' || value.kind === 'pasted' || (value.kind === 'session' && typeof value.id === 'string'));

export function isTesterMemory(value: unknown): value is TesterMemory {
  return (
    isObject(value) &&
    (value.mode === 'live' || value.mode === 'draft') &&
    typeof value.environment === 'string' &&
    isChoice(value.tokenChoice) &&
    typeof value.pastedToken === 'string' &&
    isObject(value.drafts) &&
    Object.values(value.drafts).every(isDraft)
  );
}

export const recallTester = (): TesterMemory | null => readKept(KEPT_KEY, isTesterMemory);
export const rememberTester = (memory: TesterMemory): void => keep(KEPT_KEY, memory);
export const forgetTester = (): void => forget(KEPT_KEY);
