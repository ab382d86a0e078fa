import { describe, expect, it } from 'vitest';
import { compileApi } from '../../../shared/compile/compile.js';
import { ApiDefinition } from '../../../shared/model/api.js';
import { compiledPlanOf, VersionCompiler } from '../../../server/runtime/route-table.js';
import { definitionHash } from '../../../server/workspace/apis.js';
import { echo } from '../../fixtures/apis.js';
import { testServices } from '../executors/helpers.js';

/** The definition as the runtime reads it back from the workspace: a new object with the same JSON. */
const storedCopy = (definition: ApiDefinition): ApiDefinition => JSON.parse(JSON.stringify(definition)) as ApiDefinition;

describe('A publish compiles its flow once', () => {
  it('serves the stored version from the plan publishing checked, and the OpenAPI document reads that plan', () => {
    const compiler = new VersionCompiler(testServices());
    const draft = ApiDefinition.parse(echo('/once', '{"once": true}'));
    const checked = compileApi(draft);
    if (!checked.ok) throw new Error('the fixture compiles');
    compiler.offer('api_1', definitionHash(draft), checked.plan);
    const stored = storedCopy(draft);
    compiler.compile('api_1', 1, stored);
    expect(compiledPlanOf(stored)).toBe(checked.plan);
    // Read again (a reload after an import): the cached version's plan goes with the new object.
    const reread = storedCopy(draft);
    compiler.compile('api_1', 1, reread);
    expect(compiledPlanOf(reread)).toBe(checked.plan);
  });

  it('compiles a stored version that is not the draft publishing checked (changed in between), and uses an offer once', () => {
    const compiler = new VersionCompiler(testServices());
    const draft = ApiDefinition.parse(echo('/once', '{"once": true}'));
    const checked = compileApi(draft);
    if (!checked.ok) throw new Error('the fixture compiles');
    compiler.offer('api_1', definitionHash(draft), checked.plan);
    const other = storedCopy(ApiDefinition.parse(echo('/once', '{"twice": true}')));
    compiler.compile('api_1', 1, other);
    expect(compiledPlanOf(other)).toBeDefined();
    expect(compiledPlanOf(other)).not.toBe(checked.plan);
    // The offer went with that compile: the draft stored later is compiled on its own.
    const later = storedCopy(draft);
    compiler.compile('api_1', 2, later);
    expect(compiledPlanOf(later)).not.toBe(checked.plan);
    expect(compiledPlanOf(later)!.nodes.map((node) => node.key)).toEqual(checked.plan.nodes.map((node) => node.key));
  });
});
