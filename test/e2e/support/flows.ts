/** Flow pieces the e2e tests build their APIs from (positions as the canvas lays them out). */
export const request = { id: 'n1', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} };
export const edge = (id: string, source: string, target: string, sourceHandle = 'out') => ({ id, source, sourceHandle, target });

/** GET <path> reading one record of `collection` by the path's :id: the record as `steps.<key>`, or 404 `no <key> <id>`. */
export function readRecordApi({ name, path, collection, key }: { name: string; path: string; collection: string; key: string }) {
  return {
    name, method: 'GET', path,
    flow: {
      nodes: [
        request,
        { id: 'n2', type: 'record.get', key, position: { x: 260, y: 0 }, config: { collection, id: 'request.params.id' } },
        { id: 'n3', type: 'respond', key: 'ok', position: { x: 520, y: -80 }, config: { status: 200, body: `steps.${key}` } },
        { id: 'n4', type: 'fail', key: 'missing', position: { x: 520, y: 80 }, config: { status: 404, code: 'not_found', message: `'no ${key} ' & request.params.id` } },
      ],
      edges: [edge('e1', 'n1', 'n2'), edge('e2', 'n2', 'n3', 'found'), edge('e3', 'n2', 'n4', 'missing')],
    },
  };
}
