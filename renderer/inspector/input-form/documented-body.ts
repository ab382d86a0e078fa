import { documentedBody, type DocumentedBody } from '../../../shared/body-schema.js';
import type { EditorDoc } from '../../stores/editor-doc.js';
import { useEditor } from '../../stores/editor.js';

/** What a caller's body must fit in the open draft: the endpoint's schema, or a first Validate step's on request.body. */
export function documentedBodyOf(doc: Pick<EditorDoc, 'endpoint' | 'nodes' | 'edges'>): DocumentedBody | null {
  return documentedBody({
    bodySchema: doc.endpoint.bodySchema,
    flow: { nodes: doc.nodes.map((node) => ({ id: node.id, ...node.data })), edges: doc.edges },
  });
}

/** The documented body's schema; the same object while the draft's schema is unchanged, so it can be a dependency. */
export function useDocumentedBodySchema(): Record<string, unknown> | null {
  return useEditor((state) => documentedBodyOf(state)?.schema ?? null);
}
