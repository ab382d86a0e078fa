import { z } from 'zod';
import { ApiExampleInput, type ApiExample } from '../model/api-example.js';
import { EnvironmentName } from '../model/environment.js';
import { answer, defineRoute } from './contract.js';

/** The parts of an OpenAPI 3.1 document the Docs panel reads; everything else passes through untyped. */
export const OpenApiDocument = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string(), description: z.string().optional() }),
  servers: z.array(z.looseObject({ url: z.string(), description: z.string().optional() })).optional(),
  tags: z.array(z.looseObject({ name: z.string(), description: z.string().optional() })).optional(),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});
export type OpenApiDocument = z.infer<typeof OpenApiDocument>;

export const OpenApiQuery = z.object({ environment: EnvironmentName.default('dev') });

/** `GET /openapi.json` (OpenAPI 3.1 of the published APIs) and the examples the document shows. */
export const openApiRoutes = {
  document: defineRoute({ method: 'GET', path: '/openapi.json', query: OpenApiQuery, answer: answer<OpenApiDocument>() }),
  examples: defineRoute({ method: 'GET', path: '/apis/:id/examples', answer: answer<ApiExample[]>() }),
  addExample: defineRoute({ method: 'POST', path: '/apis/:id/examples', body: ApiExampleInput, status: 201, answer: answer<ApiExample>() }),
  deleteExample: defineRoute({ method: 'DELETE', path: '/apis/:id/examples/:exampleId', status: 204 }),
};
