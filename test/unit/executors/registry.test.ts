import { describe, expect, expectTypeOf, it } from 'vitest';
import { EXECUTORS, executorFor, type ExecutorRegistry } from '../../../server/executors/registry.js';
import { NODE_DEFINITIONS, type NodeType, type VersionsUpTo } from '../../../shared/nodes/registry.js';

describe('executor registry', () => {
  it('is checked by the compiler: a node type without an executor does not type-check', () => {
    const { fail: _fail, ...withoutFail } = EXECUTORS;
    // @ts-expect-error the registry must have the "fail" node type's executors
    const incomplete: ExecutorRegistry = withoutFail;
    expect(Object.keys(incomplete)).not.toContain('fail');
    expectTypeOf<keyof typeof EXECUTORS>().toEqualTypeOf<NodeType>();
  });

  it('is checked by the compiler: every version up to the current one needs an executor', () => {
    expectTypeOf<VersionsUpTo<1>>().toEqualTypeOf<1>();
    expectTypeOf<VersionsUpTo<3>>().toEqualTypeOf<1 | 2 | 3>();
  });

  it('finds an executor for every version of every node type, and none past the current one', () => {
    for (const definition of NODE_DEFINITIONS) {
      for (let version = 1; version <= definition.version; version++) expect(executorFor(definition.type, version), `${definition.type} v${version}`).toBeTypeOf('function');
      expect(executorFor(definition.type, definition.version + 1)).toBeUndefined();
    }
    expect(executorFor('teleport', 1)).toBeUndefined();
    expect(executorFor('toString', 1)).toBeUndefined();
  });
});
