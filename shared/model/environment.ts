import { z } from 'zod';

export const ENVIRONMENT_NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
/** Names that would shadow runtime paths of their own. */
export const RESERVED_ENVIRONMENT_NAMES: ReadonlySet<string> = new Set(['admin', 'well-known', 'openapi', 'health']);

export const EnvironmentName = z
  .string()
  .regex(ENVIRONMENT_NAME_PATTERN, 'an environment name is 1–32 lowercase letters, digits or "-", starting with a letter')
  .refine((name) => !RESERVED_ENVIRONMENT_NAMES.has(name), 'this name is reserved');

export const EnvironmentVars = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name is an identifier'), z.string().max(10_000));

export const EnvironmentInput = z.object({
  name: EnvironmentName,
  description: z.string().max(1000).default(''),
  vars: EnvironmentVars.default({}),
});
export type EnvironmentInput = z.infer<typeof EnvironmentInput>;

export const EnvironmentUpdate = z.object({
  description: z.string().max(1000).optional(),
  vars: EnvironmentVars.optional(),
});
export type EnvironmentUpdate = z.infer<typeof EnvironmentUpdate>;

export type Environment = EnvironmentInput & { createdAt: string; updatedAt: string };

export const DEFAULT_ENVIRONMENTS = ['dev', 'prod'] as const;
