import { describe, expect, it } from 'vitest';
import { flowShapes, type ShapeSource } from '../../../shared/compile/shapes.js';
import { anyObject, arrayOf, objectOf, scalar, shapeOfSample, shapeOfSchema, UNKNOWN, withSample } from '../../../shared/nodes/shape.js';
import { compile, compileOne, edge, node, onlyProblem, problemsWith } from './helpers.js';

const TEXT = scalar('string');
const NUMBER = scalar('number');

const USER_SCHEMA = {
  type: 'object',
  properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' }, age: { type: ['integer', 'null'] }, tags: { type: 'array', items: { type: 'string' } } },
  required: ['name'],
  additionalProperties: false,
};

function source(nodes: ShapeSource['flow']['nodes'], endpoint: Partial<ShapeSource> = {}): ShapeSource {
  return { path: '/users/:id', query: [{ name: 'limit', type: 'integer' }], bodySchema: USER_SCHEMA, flow: { nodes }, ...endpoint };
}
const step = (key: string, type: string, config: Record<string, unknown> = {}) => ({ id: `n-${key}`, key, type, config });

describe('shapeOfSchema', () => {
  it('follows objects, arrays and scalars, closing objects without additional properties', () => {
    expect(shapeOfSchema(USER_SCHEMA)).toEqual(objectOf({ name: TEXT, email: TEXT, age: NUMBER, tags: arrayOf(TEXT) }));
    expect(shapeOfSchema({ type: 'object', properties: { a: { type: 'boolean' } } })).toEqual(anyObject({ a: scalar('boolean') }));
  });

  it('reads enums and consts, merges allOf, keeps anyOf open and leaves references unknown', () => {
    expect(shapeOfSchema({ enum: ['a', 'b'] })).toEqual(TEXT);
    expect(shapeOfSchema({ allOf: [{ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }, { type: 'object', properties: { b: { type: 'number' } }, additionalProperties: false }] })).toEqual(
      objectOf({ a: TEXT, b: NUMBER }),
    );
    expect(shapeOfSchema({ anyOf: [{ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }, { type: 'object', properties: { b: { type: 'number' } } }] })).toEqual(
      anyObject({ a: TEXT, b: NUMBER }),
    );
    expect(shapeOfSchema({ $ref: '#/definitions/x' })).toEqual(UNKNOWN);
  });
});

describe('samples', () => {
  it('give a shape to what a definition cannot tell, and never take away what it says', () => {
    expect(shapeOfSample({ id: 'u1', roles: [{ name: 'admin' }] })).toEqual(anyObject({ id: TEXT, roles: arrayOf(anyObject({ name: TEXT })) }));
    expect(withSample(objectOf({ status: NUMBER, body: UNKNOWN }), { status: 200, body: { ok: true }, extra: 1 })).toEqual(objectOf({ status: NUMBER, body: anyObject({ ok: scalar('boolean') }) }));
  });
});

describe('flowShapes: each step from its definition', () => {
  it('gives request from the endpoint: path parameters, declared query parameters, the body schema', () => {
    const shapes = flowShapes(source([step('request', 'request')]));
    expect(shapes.resolve(['request', 'params'])).toEqual(objectOf({ id: TEXT }));
    expect(shapes.resolve(['request', 'query', 'limit'])).toEqual(NUMBER);
    expect(shapes.resolve(['request', 'body', 'email'])).toEqual(TEXT);
    expect(shapes.step('request')).toEqual(shapes.root('request'));
    expect(flowShapes(source([], { bodySchema: null })).resolve(['request', 'body'])).toEqual(UNKNOWN);
  });

  it('gives set its named fields and transform the shape of its object constructor', () => {
    const shapes = flowShapes(
      source([
        step('fields', 'set', { fields: { fullName: 'request.body.name & " x"', count: '$count(request.body.tags)', tags: 'request.body.tags' } }),
        step('user', 'transform', { expression: '{ "name": request.body.name, "contact": { "email": request.body.email }, "first": steps.fields.tags[0], "ok": true, "n": 1 + 1 }' }),
        step('names', 'transform', { expression: 'steps.user.contact.email' }),
      ]),
    );
    expect(shapes.step('fields')).toEqual(objectOf({ fullName: TEXT, count: NUMBER, tags: arrayOf(TEXT) }));
    expect(shapes.step('user')).toEqual(objectOf({ name: TEXT, contact: objectOf({ email: TEXT }), first: TEXT, ok: scalar('boolean'), n: NUMBER }));
    expect(shapes.step('names')).toEqual(TEXT);
  });

  it('maps a path over arrays, and reads a constructor applied to each item', () => {
    const shapes = flowShapes(
      source([
        step('list', 'record.query', { collection: 'users' }),
        step('emails', 'transform', { expression: 'steps.list.items.{ "mail": email, "id": id }' }),
      ]),
      { collections: new Map([['users', anyObject({ email: TEXT })]]) },
    );
    expect(shapes.resolve(['steps', 'list', 'items'])).toEqual(arrayOf(anyObject({ id: TEXT, email: TEXT })));
    expect(shapes.step('emails')).toEqual(arrayOf(objectOf({ mail: TEXT, id: TEXT })));
  });

  it('knows validate, http.request, records and condition outputs', () => {
    const shapes = flowShapes(source([step('check', 'validate'), step('call', 'http.request'), step('gone', 'record.delete'), step('user', 'record.get', { collection: 'users' }), step('if', 'condition')]));
    expect(shapes.step('check')).toEqual(arrayOf(objectOf({ path: TEXT, message: TEXT })));
    expect(shapes.step('call')).toEqual(objectOf({ status: NUMBER, headers: anyObject(), body: UNKNOWN, code: TEXT, message: TEXT }));
    expect(shapes.step('gone')).toEqual(objectOf({ deleted: scalar('boolean') }));
    expect(shapes.step('user')).toEqual(anyObject({ id: TEXT }));
    expect(shapes.step('if')).toEqual(scalar('boolean'));
    expect(shapes.step('nobody')).toBeUndefined();
  });

  it('takes a Validate node\'s schema for the value it checks, open, where nothing else tells', () => {
    const nodes = [step('check', 'validate', { what: 'request.body', schema: USER_SCHEMA }), step('check2', 'validate', { what: 'steps.call.body', schema: { type: 'object', properties: { n: { type: 'number' } } } }), step('call', 'http.request')];
    const shapes = flowShapes(source(nodes, { bodySchema: null }));
    expect(shapes.resolve(['request', 'body'])).toEqual(anyObject({ name: TEXT, email: TEXT, age: NUMBER, tags: arrayOf(TEXT) }));
    expect(shapes.resolve(['steps', 'call', 'body', 'n'])).toEqual(NUMBER);
    // An endpoint's own body schema says more, and stays.
    expect(flowShapes(source(nodes)).resolve(['request', 'body'])).toEqual(shapeOfSchema(USER_SCHEMA));
  });

  it('lets the last run fill what is unknown, and survives a step that reads itself', () => {
    const nodes = [step('call', 'http.request'), step('loop', 'transform', { expression: 'steps.loop.x' })];
    const shapes = flowShapes(source(nodes), { samples: new Map([['n-call', { status: 200, headers: {}, body: { user: { email: 'a@b.c' } } }]]) });
    expect(shapes.resolve(['steps', 'call', 'body', 'user', 'email'])).toEqual(TEXT);
    expect(shapes.step('loop')).toEqual(UNKNOWN);
  });
});

describe('compileApi: fields a step does not have', () => {
  const withSet = (expression: string) =>
    compile(
      [node('req', 'request', 'request'), node('fields', 'set', 'fields', { fields: { email: 'request.body.email' } }), node('out', 'respond', 'out', { body: expression })],
      [edge('e1', 'req', 'out', 'fields'), edge('e2', 'fields', 'out', 'out')],
      { bodySchema: USER_SCHEMA },
    );

  it('warns about a field missing from a closed shape, suggesting the one meant, and still publishes', () => {
    const result = withSet('steps.fields.emial');
    expect(result.ok).toBe(true);
    const problem = onlyProblem(result, 'unknown_field');
    expect(problem).toMatchObject({ severity: 'warning', nodeId: 'out', field: 'body', position: 13 });
    expect(problem.message).toBe('Node "out" (respond), field "body": steps.fields has no field "emial", so this reads nothing; did you mean steps.fields.email?');
  });

  it('checks request fields against the body schema and the request itself', () => {
    expect(onlyProblem(withSet('request.body.nickname'), 'unknown_field').message).toContain('request.body has no field "nickname", so this reads nothing; its fields are name, email, age, tags');
    expect(onlyProblem(withSet('request.bdy'), 'unknown_field').message).toContain('did you mean request.body?');
  });

  it('says a bare name reads nothing', () => {
    expect(onlyProblem(withSet('body.name'), 'unknown_name')).toMatchObject({ severity: 'warning' });
    expect(onlyProblem(withSet('body.name'), 'unknown_name').message).toContain('"body" reads nothing: an expression starts from request, token, env, steps; did you mean request.body?');
  });

  it('does not warn where the shape is open or unknown', () => {
    expect(problemsWith(withSet('steps.fields.email & request.query.anything & request.headers.host & token.vars.team'), 'unknown_field')).toEqual([]);
    expect(problemsWith(compileOne('transform', { expression: 'steps.subject.whatever' }), 'unknown_field')).toEqual([]);
  });
});
