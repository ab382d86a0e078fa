/**
 * Receive a webhook and store it: POST /webhooks/{{source}} checks the shared secret the sender puts in
 * X-Webhook-Secret against the environment's WEBHOOK_SECRET, stores the event in {{collection}} and answers 202.
 */
export const webhookTemplate = {
  apis: [
    {
      id: 'receive',
      name: 'Receive {{source}} webhook',
      description:
        'Stores each event {{source}} sends in {{collection}} (with the time it came) and answers 202 with its id. The sender must put the secret set as WEBHOOK_SECRET in this environment (Environments ▸ Variables) in the X-Webhook-Secret header; without it, or with another, the call is answered 401 and nothing is stored.',
      method: 'POST',
      path: '/webhooks/{{source}}',
      auth: { required: false, keyGroupIds: [], scopes: [] },
      flow: {
        nodes: [
          { id: 'request', type: 'request', typeVersion: 1, key: 'request', position: { x: 0, y: 0 }, config: {} },
          {
            id: 'signed',
            type: 'condition',
            typeVersion: 2,
            key: 'signed',
            position: { x: 280, y: 0 },
            config: {
              expression: {
                match: 'all',
                rules: [
                  { field: 'env.vars.WEBHOOK_SECRET', operator: 'isNotEmpty' },
                  { field: 'request.headers.`x-webhook-secret`', operator: 'equals', value: { field: 'env.vars.WEBHOOK_SECRET' } },
                ],
              },
            },
          },
          {
            id: 'stored',
            type: 'record.insert',
            typeVersion: 1,
            key: 'stored',
            position: { x: 560, y: -80 },
            config: { collection: '{{collection}}', document: '{"source": "{{source}}", "receivedAt": $now(), "event": request.body}' },
          },
          { id: 'accepted', type: 'respond', typeVersion: 1, key: 'accepted', position: { x: 840, y: -80 }, config: { status: 202, body: '{"received": true, "id": steps.stored.id}' } },
          {
            id: 'refused',
            type: 'fail',
            typeVersion: 1,
            key: 'refused',
            position: { x: 560, y: 80 },
            config: { status: 401, code: 'wrong_webhook_secret', message: '"Send the webhook secret of this environment in the X-Webhook-Secret header"' },
          },
        ],
        edges: [
          { id: 'e1', source: 'request', sourceHandle: 'out', target: 'signed' },
          { id: 'e2', source: 'signed', sourceHandle: 'true', target: 'stored' },
          { id: 'e3', source: 'signed', sourceHandle: 'false', target: 'refused' },
          { id: 'e4', source: 'stored', sourceHandle: 'out', target: 'accepted' },
        ],
      },
    },
  ],
} as const;
