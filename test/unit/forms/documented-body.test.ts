import { describe, expect, it } from 'vitest';
import { documentedBody } from '../../../shared/body-schema.js';
import { formToSchema } from '../../../shared/input-form.js';
import { ApiDefinition } from '../../../shared/model/api.js';
import { exampleFromSchema } from '../../../shared/schema-example.js';
import { snippetRequest } from '../../../shared/snippets.js';
import { buildOpenApiDocument } from '../../../server/openapi/document.js';
import { compileSchema } from '../../../server/runtime/schemas.js';

const userFields = formToSchema({
  acceptOthers: false,
  fields: [
    { name: 'name', type: 'string', required: true, min: 1 },
    { name: 'email', type: 'string', required: true, format: 'email' },
    { name: 'role', type: 'string', required: false, enum: ['member', 'admin'] },
  ],
});

/** POST /users whose body is checked by the endpoint (bodySchema) or by a Validate node right after Request. */
function createUser(checkedBy: 'endpoint' | 'validate' | 'later-validate' | 'none') {
  const validate = { id: 'v', type: 'validate', key: 'checkBody', config: { what: 'request.body', schema: userFields } };
  const store = { id: 's', type: 'record.insert', key: 'created', config: { collection: 'users', document: 'request.body' } };
  const ok = { id: 'ok', type: 'respond', key: 'ok', config: { status: 201, body: 'steps.created' } };
  const bad = { id: 'bad', type: 'fail', key: 'bad', config: { status: 400, code: 'invalid_user', message: '"check the fields"' } };
  const request = { id: 'r', type: 'request', key: 'request', config: {} };
  const withValidate = checkedBy === 'validate' || checkedBy === 'later-validate';
  const nodes = withValidate ? [request, validate, store, ok, bad] : [request, store, ok];
  const edges = withValidate
    ? checkedBy === 'validate'
      ? [
          { id: 'e1', source: 'r', target: 'v' },
          { id: 'e2', source: 'v', sourceHandle: 'valid', target: 's' },
          { id: 'e3', source: 'v', sourceHandle: 'invalid', target: 'bad' },
          { id: 'e4', source: 's', target: 'ok' },
        ]
      : [
          { id: 'e1', source: 'r', target: 's' },
          { id: 'e2', source: 's', target: 'v' },
          { id: 'e3', source: 'v', sourceHandle: 'valid', target: 'ok' },
          { id: 'e4', source: 'v', sourceHandle: 'invalid', target: 'bad' },
        ]
    : [
        { id: 'e1', source: 'r', target: 's' },
        { id: 'e2', source: 's', target: 'ok' },
      ];
  return ApiDefinition.parse({ name: 'Create user', method: 'POST', path: '/users', bodySchema: checkedBy === 'endpoint' ? userFields : null, flow: { nodes, edges } });
}

const openApiBody = (definition: ApiDefinition) => {
  const document = buildOpenApiDocument({ environment: 'dev', runtimeUrl: 'http://127.0.0.1:4310', apis: [{ apiId: 'api_1', version: 1, definition, examples: [] }], keyGroupNames: null }) as {
    paths: Record<string, Record<string, { requestBody: { required: boolean; description?: string; content: Record<string, { schema: Record<string, unknown> }> } }>>;
    components: { schemas: Record<string, unknown> };
  };
  const body = document.paths['/users']!.post!.requestBody;
  const ref = body.content['application/json']!.schema.$ref as string | undefined;
  return { body, schema: ref ? document.components.schemas[ref.split('/').pop()!] : undefined };
};

describe('the documented body', () => {
  it('is the endpoint’s schema, else a Validate node right after Request that checks request.body', () => {
    expect(documentedBody(createUser('endpoint'))).toEqual({ schema: userFields, from: 'endpoint' });
    expect(documentedBody(createUser('validate'))).toEqual({ schema: userFields, from: 'validate', nodeKey: 'checkBody' });
    expect(documentedBody(createUser('later-validate'))).toBeNull();
    expect(documentedBody(createUser('none'))).toBeNull();
  });

  it('is what the OpenAPI document states: required, with its schema, even when a Validate node checks it', () => {
    for (const checkedBy of ['endpoint', 'validate'] as const) {
      const { body, schema } = openApiBody(createUser(checkedBy));
      expect(body.required, checkedBy).toBe(true);
      expect(schema, checkedBy).toMatchObject({ required: ['name', 'email'], properties: { email: { format: 'email' } } });
    }
    expect(openApiBody(createUser('validate')).body.description).toContain('`checkBody`');
    const open = openApiBody(createUser('none'));
    expect(open.body.required).toBe(false);
    expect(open.schema).toBeUndefined();
  });

  it('gives snippets and "Insert example" a body the API accepts', () => {
    const accepts = compileSchema(userFields);
    for (const checkedBy of ['endpoint', 'validate'] as const) {
      const definition = createUser(checkedBy);
      const schema = documentedBody(definition)!.schema;
      const request = snippetRequest({ endpoint: { ...definition, bodySchema: schema }, environment: 'dev', runtimeUrl: 'http://127.0.0.1:4310' });
      expect(accepts(request.body), checkedBy).toEqual([]);
      expect(accepts(exampleFromSchema(schema))).toEqual([]);
    }
  });
});
