import { z } from 'zod';

/** The one error shape of every answer, runtime and admin alike. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const REQUEST_ID_HEADER = 'x-request-id';
