/**
 * CRUD for a collection: five APIs on /{{collection}}, as plain flow JSON with blanks (see fill.ts).
 * Slots: listQuery (filters, limit, cursor), listFilter, createSchema, updateSchema, auth.
 */
export const crudTemplate = {
  apis: [
    {
      id: 'list',
      name: 'List {{collection}}',
      description:
        'Lists {{collection}} a page at a time, newest last: {{pageSize}} by default, up to 100 with ?limit=. The answer holds items and nextCursor; pass nextCursor back as ?cursor= for the next page (none: that was the last). Filter with any listed field as a query parameter.',
      method: 'GET',
      path: '/{{collection}}',
      query: { $slot: 'listQuery' },
      auth: { $slot: 'auth' },
      flow: {
        nodes: [
          { id: 'request', type: 'request', typeVersion: 1, key: 'request', position: { x: 0, y: 0 }, config: {} },
          {
            id: 'page',
            type: 'record.query',
            typeVersion: 2,
            key: 'page',
            position: { x: 280, y: 0 },
            config: { collection: '{{collection}}', filter: { $slot: 'listFilter' }, sort: '', limit: 'request.query.limit', cursor: 'request.query.cursor', count: false },
          },
          { id: 'ok', type: 'respond', typeVersion: 1, key: 'ok', position: { x: 560, y: 0 }, config: { status: 200, body: 'steps.page' } },
        ],
        edges: [
          { id: 'e1', source: 'request', sourceHandle: 'out', target: 'page' },
          { id: 'e2', source: 'page', sourceHandle: 'out', target: 'ok' },
        ],
      },
    },
    {
      id: 'get',
      name: 'Get {{item}}',
      description: 'One {{item}} of {{collection}} by its id; 404 when there is none.',
      method: 'GET',
      path: '/{{collection}}/:id',
      auth: { $slot: 'auth' },
      flow: {
        nodes: [
          { id: 'request', type: 'request', typeVersion: 1, key: 'request', position: { x: 0, y: 0 }, config: {} },
          { id: 'item', type: 'record.get', typeVersion: 1, key: 'item', position: { x: 280, y: 0 }, config: { collection: '{{collection}}', id: 'request.params.id' } },
          { id: 'ok', type: 'respond', typeVersion: 1, key: 'ok', position: { x: 560, y: -80 }, config: { status: 200, body: 'steps.item' } },
          { id: 'notFound', type: 'fail', typeVersion: 1, key: 'notFound', position: { x: 560, y: 80 }, config: { status: 404, code: 'not_found', message: '"There is no {{item}} with the id " & request.params.id' } },
        ],
        edges: [
          { id: 'e1', source: 'request', sourceHandle: 'out', target: 'item' },
          { id: 'e2', source: 'item', sourceHandle: 'found', target: 'ok' },
          { id: 'e3', source: 'item', sourceHandle: 'missing', target: 'notFound' },
        ],
      },
    },
    {
      id: 'create',
      name: 'Create {{item}}',
      description: 'Adds a {{item}} to {{collection}} and answers it with its new id (201). A body that does not fit the fields is answered 400 before anything is stored.',
      method: 'POST',
      path: '/{{collection}}',
      bodySchema: { $slot: 'createSchema' },
      auth: { $slot: 'auth' },
      flow: {
        nodes: [
          { id: 'request', type: 'request', typeVersion: 1, key: 'request', position: { x: 0, y: 0 }, config: {} },
          { id: 'created', type: 'record.insert', typeVersion: 1, key: 'created', position: { x: 280, y: 0 }, config: { collection: '{{collection}}', document: 'request.body' } },
          { id: 'ok', type: 'respond', typeVersion: 1, key: 'ok', position: { x: 560, y: 0 }, config: { status: 201, body: 'steps.created' } },
        ],
        edges: [
          { id: 'e1', source: 'request', sourceHandle: 'out', target: 'created' },
          { id: 'e2', source: 'created', sourceHandle: 'out', target: 'ok' },
        ],
      },
    },
    {
      id: 'update',
      name: 'Update {{item}}',
      description: 'Changes the fields the body names of one {{item}} (the others stay); 404 when there is none. A body that does not fit the fields is answered 400.',
      method: 'PATCH',
      path: '/{{collection}}/:id',
      bodySchema: { $slot: 'updateSchema' },
      auth: { $slot: 'auth' },
      flow: {
        nodes: [
          { id: 'request', type: 'request', typeVersion: 1, key: 'request', position: { x: 0, y: 0 }, config: {} },
          { id: 'updated', type: 'record.update', typeVersion: 1, key: 'updated', position: { x: 280, y: 0 }, config: { collection: '{{collection}}', id: 'request.params.id', patch: 'request.body' } },
          { id: 'ok', type: 'respond', typeVersion: 1, key: 'ok', position: { x: 560, y: -80 }, config: { status: 200, body: 'steps.updated' } },
          { id: 'notFound', type: 'fail', typeVersion: 1, key: 'notFound', position: { x: 560, y: 80 }, config: { status: 404, code: 'not_found', message: '"There is no {{item}} with the id " & request.params.id' } },
        ],
        edges: [
          { id: 'e1', source: 'request', sourceHandle: 'out', target: 'updated' },
          { id: 'e2', source: 'updated', sourceHandle: 'found', target: 'ok' },
          { id: 'e3', source: 'updated', sourceHandle: 'missing', target: 'notFound' },
        ],
      },
    },
    {
      id: 'delete',
      name: 'Delete {{item}}',
      description: 'Removes one {{item}} from {{collection}} (204); 404 when there is none.',
      method: 'DELETE',
      path: '/{{collection}}/:id',
      auth: { $slot: 'auth' },
      flow: {
        nodes: [
          { id: 'request', type: 'request', typeVersion: 1, key: 'request', position: { x: 0, y: 0 }, config: {} },
          { id: 'removed', type: 'record.delete', typeVersion: 1, key: 'removed', position: { x: 280, y: 0 }, config: { collection: '{{collection}}', id: 'request.params.id' } },
          {
            id: 'wasThere',
            type: 'condition',
            typeVersion: 2,
            key: 'wasThere',
            position: { x: 560, y: 0 },
            config: { expression: { match: 'all', rules: [{ field: 'steps.removed.deleted', operator: 'equals', value: true }] } },
          },
          { id: 'done', type: 'respond', typeVersion: 1, key: 'done', position: { x: 840, y: -80 }, config: { status: 204, body: '' } },
          { id: 'notFound', type: 'fail', typeVersion: 1, key: 'notFound', position: { x: 840, y: 80 }, config: { status: 404, code: 'not_found', message: '"There is no {{item}} with the id " & request.params.id' } },
        ],
        edges: [
          { id: 'e1', source: 'request', sourceHandle: 'out', target: 'removed' },
          { id: 'e2', source: 'removed', sourceHandle: 'out', target: 'wasThere' },
          { id: 'e3', source: 'wasThere', sourceHandle: 'true', target: 'done' },
          { id: 'e4', source: 'wasThere', sourceHandle: 'false', target: 'notFound' },
        ],
      },
    },
  ],
} as const;
