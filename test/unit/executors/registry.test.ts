import { describe, expect, it } from 'vitest';
import { EXECUTORS } from '../../../server/executors/registry.js';
import { NODE_TYPES } from '../../../shared/nodes/registry.js';

describe('executor registry', () => {
  it('has exactly one executor per node type of the catalog', () => {
    expect([...EXECUTORS.keys()].sort()).toEqual([...NODE_TYPES.keys()].sort());
  });
});
