import { useMemo } from 'react';
import { pathParamNames } from '../../shared/model/api.js';
import { ancestorsOf } from '../canvas/graph.js';
import { useApis } from '../stores/apis.js';
import { useEditor } from '../stores/editor.js';
import type { ExpressionScope } from './code/completion.js';
import { useFlowShapes } from './data/use-flow-shapes.js';

/** What expressions of a node can read: path params, declared query params, environment variables, earlier steps and their shapes. */
export function useExpressionScope(nodeId: string | null): ExpressionScope {
  const contentRevision = useEditor((state) => state.contentRevision);
  const environments = useApis((state) => state.environments);
  const shapes = useFlowShapes();
  return useMemo(() => {
    const { endpoint, nodes, edges } = useEditor.getState();
    const before = nodeId ? ancestorsOf(edges, nodeId) : new Set<string>();
    return {
      pathParams: pathParamNames(endpoint.path),
      queryNames: endpoint.query.map((param) => param.name),
      envVars: [...new Set(environments.flatMap((environment) => Object.keys(environment.vars)))].sort(),
      stepKeys: nodes.filter((node) => before.has(node.id) && node.data.key).map((node) => node.data.key),
      shapes,
    };
    // contentRevision stands for every change of the endpoint, keys and edges.
  }, [contentRevision, environments, nodeId, shapes]);
}

const NODE_PREFIX = /^Node (?:"[^"]*"|with id "[^"]*") \([^)]*\)(?:, field "[^"]*")?: /;

/** The compiler names the node and field in each message; beside the field that is noise. */
export const withoutNodePrefix = (message: string): string => {
  const short = message.replace(NODE_PREFIX, '');
  return short.charAt(0).toUpperCase() + short.slice(1);
};
