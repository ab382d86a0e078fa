import { compileSchema } from '../runtime/schemas.js';
import { after, expressionConfig, isPlainObject } from './support.js';
import { NodeFailure, type ExecutorFactory } from './types.js';

export const validateExecutor: ExecutorFactory = (node) => {
  const what = expressionConfig(node, 'what');
  const schema = node.config.schema;
  if (!isPlainObject(schema)) throw new NodeFailure('invalid_schema', 'schema must be a JSON Schema object');
  let check: ReturnType<typeof compileSchema>;
  try {
    check = compileSchema(schema);
  } catch (error) {
    throw new NodeFailure('invalid_schema', `schema: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (scope) =>
    after(what(scope), (value) => {
      const output = check(value);
      return { port: output.length === 0 ? 'valid' : 'invalid', output };
    });
};
