import { useEffect, useMemo, useState } from 'react';
import { flowShapes, type FlowShapes } from '../../../shared/compile/shapes.js';
import { recentTokens } from '../../api/token-list.js';
import { useApis } from '../../stores/apis.js';
import { useEditor } from '../../stores/editor.js';
import { useCollectionShapes } from './collection-fields.js';
import { useSamples } from './samples.js';

/** Variable names set on the workspace's tokens, for `token.vars.`; none when tokens cannot be listed. */
function useTokenVarNames(): readonly string[] {
  const [names, setNames] = useState<readonly string[]>([]);
  useEffect(() => {
    let current = true;
    recentTokens().then(
      (tokens) => current && setNames([...new Set(tokens.flatMap((token) => Object.keys(token.vars)))].sort()),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, []);
  return names;
}

/** The open flow's shapes: its definitions, the last run's samples, the records in the store, the environments' and tokens' variable names. */
export function useFlowShapes(): FlowShapes {
  const contentRevision = useEditor((state) => state.contentRevision);
  const samples = useSamples((state) => state.outputs);
  const environments = useApis((state) => state.environments);
  const tokenVars = useTokenVarNames();
  const collections = useCollectionShapes();
  return useMemo(() => {
    const { endpoint, nodes } = useEditor.getState();
    const flow = { nodes: nodes.map((node) => ({ id: node.id, key: node.data.key, type: node.data.type, config: node.data.config })) };
    const envVars = [...new Set(environments.flatMap((environment) => Object.keys(environment.vars)))].sort();
    return flowShapes({ ...endpoint, flow }, { samples, envVars, tokenVars, collections });
    // contentRevision stands for every change of the endpoint and the nodes' keys and configs.
  }, [contentRevision, samples, environments, tokenVars, collections]);
}
