/**
 * Call an external API and reshape its answer: GET {{path}} calls the service, keeps the fields asked
 * for, and answers 502 when the service cannot be reached or answers with an error.
 * Slots: urlExpression (the service's URL as JSONata), reshape (the Set node's fields), auth.
 */
export const externalApiTemplate = {
  apis: [
    {
      id: 'proxy',
      name: '{{title}}',
      description: 'Calls {{host}} and answers the fields this API keeps from its answer. 502 when the service cannot be reached or answers with an error status.',
      method: 'GET',
      path: '{{path}}',
      auth: { $slot: 'auth' },
      flow: {
        nodes: [
          { id: 'request', type: 'request', typeVersion: 1, key: 'request', position: { x: 0, y: 0 }, config: {} },
          {
            id: 'upstream',
            type: 'http.request',
            typeVersion: 1,
            key: 'upstream',
            position: { x: 280, y: 0 },
            config: { method: 'GET', url: { $slot: 'urlExpression' }, headers: { Accept: '"application/json"' }, timeoutMs: 10000, redirect: 'manual' },
          },
          {
            id: 'answered',
            type: 'condition',
            typeVersion: 2,
            key: 'answered',
            position: { x: 560, y: -80 },
            config: { expression: { match: 'all', rules: [{ field: 'steps.upstream.status', operator: 'less', value: 400 }] } },
          },
          { id: 'reshaped', type: 'set', typeVersion: 1, key: 'reshaped', position: { x: 840, y: -160 }, config: { fields: { $slot: 'reshape' } } },
          { id: 'ok', type: 'respond', typeVersion: 1, key: 'ok', position: { x: 1120, y: -160 }, config: { status: 200, body: 'steps.reshaped' } },
          {
            id: 'refused',
            type: 'fail',
            typeVersion: 1,
            key: 'refused',
            position: { x: 840, y: 0 },
            config: { status: 502, code: 'upstream_refused', message: '"{{host}} answered " & $string(steps.upstream.status)' },
          },
          {
            id: 'unreachable',
            type: 'fail',
            typeVersion: 1,
            key: 'unreachable',
            position: { x: 560, y: 120 },
            config: { status: 502, code: 'upstream_unreachable', message: '"{{host}} could not be reached: " & steps.upstream.message' },
          },
        ],
        edges: [
          { id: 'e1', source: 'request', sourceHandle: 'out', target: 'upstream' },
          { id: 'e2', source: 'upstream', sourceHandle: 'ok', target: 'answered' },
          { id: 'e3', source: 'upstream', sourceHandle: 'error', target: 'unreachable' },
          { id: 'e4', source: 'answered', sourceHandle: 'true', target: 'reshaped' },
          { id: 'e5', source: 'answered', sourceHandle: 'false', target: 'refused' },
          { id: 'e6', source: 'reshaped', sourceHandle: 'out', target: 'ok' },
        ],
      },
    },
  ],
} as const;
