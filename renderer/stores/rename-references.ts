import { NODE_KEY_PATTERN } from '../../shared/model/api.js';
import { nodeDefinition } from '../../shared/nodes/registry.js';
import type { StepNode } from './editor-doc.js';

const escape = (text: string): string => text.replace(/[$]/g, '\\$&');

/** Rewrites `steps.<from>` to `steps.<to>` in one JSONata source, leaving `steps.<from>Other` alone. */
export function renameInExpression(source: string, from: string, to: string): string {
  const reference = new RegExp(`(?<![\\w$])steps\\.${escape(from)}(?![\\w$])`, 'g');
  return source.replace(reference, `steps.${to}`);
}

/**
 * When a node's key changes, the expressions of the other nodes that read `steps.<old key>` follow
 * it, so renaming a step does not break the flow. Only the definition's expression fields are
 * touched; nodes with nothing to change keep their identity (memoized canvas nodes don't redraw).
 */
export function renameStepReferences(nodes: readonly StepNode[], from: string, to: string): StepNode[] {
  if (!NODE_KEY_PATTERN.test(from) || !NODE_KEY_PATTERN.test(to) || from === to) return [...nodes];
  return nodes.map((node) => {
    const definition = nodeDefinition(node.data.type);
    if (!definition) return node;
    let config: Record<string, unknown> | null = null;
    for (const field of definition.fields) {
      const value = node.data.config[field.name];
      if (field.kind === 'expression' && typeof value === 'string') {
        const renamed = renameInExpression(value, from, to);
        if (renamed !== value) (config ??= { ...node.data.config })[field.name] = renamed;
      } else if ((field.kind === 'expressionMap' || field.kind === 'headerMap') && value && typeof value === 'object') {
        const entries = Object.entries(value as Record<string, string>);
        const renamed = entries.map(([name, source]) => [name, typeof source === 'string' ? renameInExpression(source, from, to) : source] as const);
        if (renamed.some(([, source], index) => source !== entries[index]![1])) (config ??= { ...node.data.config })[field.name] = Object.fromEntries(renamed);
      }
    }
    return config ? { ...node, data: { ...node.data, config } } : node;
  });
}
