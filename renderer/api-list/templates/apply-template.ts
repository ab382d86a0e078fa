import type { ImportPlan } from '../../../shared/model/workspace-file.js';
import type { TemplateName } from '../../../shared/templates/catalog.js';
import { admin } from '../../api/client.js';
import { useApis } from '../../stores/apis.js';
import { openApi } from '../../stores/open-api.js';

/** Makes a template's APIs on the server, lists them and opens the first; answers how many were made. */
export async function applyTemplate(name: TemplateName, params: unknown): Promise<number> {
  const plan: ImportPlan = await admin.templates.apply({ params: { name }, body: { params } });
  const ids = plan.items.flatMap((item) => (item.kind === 'api' && item.id ? [item.id] : []));
  await useApis.getState().load();
  if (ids[0]) await openApi(ids[0]);
  return ids.length;
}

/** "users" → "user", "categories" → "category", "boxes" → "box": a first guess the builder can change. */
export function singular(plural: string): string {
  if (/ies$/i.test(plural) && plural.length > 3) return plural.slice(0, -3) + 'y';
  if (/(?:s|x|z|ch|sh)es$/i.test(plural)) return plural.slice(0, -2);
  if (/[^s]s$/i.test(plural)) return plural.slice(0, -1);
  return plural;
}

/** The first problem of a template's answers, as the form shows it; null when they fit. */
export function firstProblem(result: { success: true } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } }): string | null {
  if (result.success) return null;
  const issue = result.error.issues[0];
  if (!issue) return null;
  const where = issue.path.map(String).join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}
