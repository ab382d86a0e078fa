import type { TokenInfo } from '../../shared/model/token.js';
import { admin } from './client.js';

/** How long a token list is reused for naming tokens in traces and the log. */
const TOKENS_TTL_MS = 5_000;
let cache: { at: number; list: Promise<TokenInfo[]> } | null = null;

/** Token metadata (never token strings), briefly cached since the request log asks every few seconds. */
export function recentTokens(): Promise<TokenInfo[]> {
  if (!cache || Date.now() - cache.at > TOKENS_TTL_MS) {
    const list = admin.tokens.list();
    cache = { at: Date.now(), list };
    list.catch(() => (cache = null));
  }
  return cache.list;
}
