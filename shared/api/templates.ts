import { z } from 'zod';
import type { ImportPlan } from '../model/workspace-file.js';
import { answer, defineRoute } from './contract.js';

/** A template's answers (checked against the template's own params) and whether to only say what would happen. */
export const ApplyTemplateBody = z.object({
  params: z.unknown(),
  dryRun: z.boolean().default(false),
});

/**
 * Starts APIs from a template of shared/templates: its flow JSON, blanks filled with the answers, goes
 * through the workspace import (all or nothing, names that clash renamed). The answer is the import's
 * plan, each created API with its id.
 */
export const templateRoutes = {
  apply: defineRoute({ method: 'POST', path: '/templates/:name/apply', body: ApplyTemplateBody, answer: answer<ImportPlan>() }),
};
