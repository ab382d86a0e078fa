import { pathParamNames } from '../model/api.js';
import { anyObject, objectOf, scalar, shapeOfSchema, UNKNOWN, type Shape, type ShapeContext } from './shape.js';
import { defineNode } from './types.js';

const QUERY_TYPES: Readonly<Record<string, Shape>> = { string: scalar('string'), number: scalar('number'), integer: scalar('number'), boolean: scalar('boolean') };

/** What `request` holds: the path's parameters, the declared query parameters (others pass too), the body its schema describes. */
export function requestShape(endpoint: ShapeContext['endpoint']): Shape {
  const text = scalar('string');
  return objectOf({
    method: text,
    path: text,
    params: objectOf(Object.fromEntries(pathParamNames(endpoint.path).map((name) => [name, text]))),
    query: anyObject(Object.fromEntries(endpoint.query.map((param) => [param.name, QUERY_TYPES[param.type] ?? UNKNOWN]))),
    headers: anyObject(),
    body: endpoint.bodySchema ? shapeOfSchema(endpoint.bodySchema) : UNKNOWN,
    ip: text,
  });
}

/** The start of every flow. Its settings are the endpoint's own (method, path, query, body, auth). */
export const request = defineNode({
  type: 'request',
  version: 1,
  label: 'Request',
  category: 'Flow',
  icon: 'arrow-right-circle',
  description: 'Where a call to the endpoint enters the flow. Its output is the request: params, query, headers, body.',
  ports: ['out'],
  terminal: false,
  hasInput: false,
  fields: [],
  summary: () => 'incoming request',
  outputShape: (_config, context) => requestShape(context.endpoint),
});
