type Schema = Record<string, unknown>;

/** The parts of an API the documented body is read from: its body schema and its flow's first step. */
export type BodySource = {
  bodySchema: Readonly<Schema> | null;
  flow: {
    nodes: readonly { id: string; type: string; key: string; config: Readonly<Record<string, unknown>> }[];
    edges: readonly { source: string; sourceHandle?: string | null; target: string }[];
  };
};

/** Where the documented body comes from: the endpoint's own schema, or a Validate node that checks the body first. */
export type DocumentedBody = { schema: Schema; from: 'endpoint' } | { schema: Schema; from: 'validate'; nodeKey: string };

/** The JSONata a Validate node reads the body with, spaces aside. */
const BODY_PATH = /^\s*request\s*\.\s*body\s*$/;

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The schema a caller's body must fit: the endpoint's body schema, else the schema of a Validate node the
 * Request node leads to directly that checks `request.body`. Documentation, "Insert example", snippets and
 * the tester read this one answer, so each example is a body the API accepts. Null: any JSON.
 */
export function documentedBody(definition: BodySource): DocumentedBody | null {
  if (definition.bodySchema) return { schema: definition.bodySchema as Schema, from: 'endpoint' };
  const { nodes, edges } = definition.flow;
  const request = nodes.find((node) => node.type === 'request');
  if (!request) return null;
  const first = edges.find((edge) => edge.source === request.id && (edge.sourceHandle ?? 'out') === 'out');
  const node = first && nodes.find((candidate) => candidate.id === first.target);
  if (node?.type !== 'validate') return null;
  const what = node.config.what ?? 'request.body';
  if (typeof what !== 'string' || !BODY_PATH.test(what) || !isSchema(node.config.schema)) return null;
  return { schema: node.config.schema, from: 'validate', nodeKey: node.key };
}

/** Just the schema, for places that only need it. */
export const documentedBodySchema = (definition: BodySource): Schema | null => documentedBody(definition)?.schema ?? null;
