import { z } from 'zod';

/** How many examples one API keeps; the OpenAPI document shows them all. */
export const MAX_EXAMPLES_PER_API = 50;

/** A call the builder marked as an example (from the tester): what was sent and what came back. */
export const ApiExampleInput = z.object({
  name: z.string().trim().min(1).max(200),
  request: z
    .object({
      params: z.record(z.string(), z.string()).default({}),
      query: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
      body: z.unknown().optional(),
    })
    .default({ params: {}, query: {} }),
  response: z.object({
    status: z.number().int().min(100).max(599),
    body: z.unknown().optional(),
  }),
});
export type ApiExampleInput = z.infer<typeof ApiExampleInput>;

export type ApiExample = ApiExampleInput & { id: string; apiId: string; createdAt: string };
