import type { TokenContext } from '../../../shared/model/runtime.js';
import { useApis } from '../../stores/apis.js';
import type { TraceOrigin } from '../../stores/run-trace.js';
import { recentTokens } from '../../api/token-list.js';

/** The token as a flow saw it (`token.*`), rebuilt from the workspace's token list; null when unknown. */
async function tokenContext(tokenId: string): Promise<TokenContext | { id: string } | null> {
  const list = await recentTokens().catch(() => []);
  const token = list.find((candidate) => candidate.id === tokenId);
  if (!token) return { id: tokenId };
  const groups = useApis.getState().keyGroups ?? [];
  return {
    id: token.id,
    name: token.name,
    environment: token.environment,
    groups: token.groupIds.map((id) => groups.find((group) => group.id === id)?.name ?? id),
    scopes: token.scopes,
    vars: token.vars,
  };
}

/** What a trace's popover shows as `token` and `env`, for a run in an environment by a token (or none). */
export async function traceOrigin(label: string, environment: string, tokenId: string | null): Promise<TraceOrigin> {
  const env = useApis.getState().environments.find((candidate) => candidate.name === environment);
  return {
    label,
    token: tokenId ? await tokenContext(tokenId) : null,
    env: { name: environment, vars: env?.vars ?? {} },
  };
}
