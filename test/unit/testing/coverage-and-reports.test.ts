import { describe, expect, it } from 'vitest';
import type { TestRunReport } from '../../../shared/api/tests.js';
import { ApiDefinition } from '../../../shared/model/api.js';
import type { TraceStep } from '../../../shared/model/runtime.js';
import { CoverageCounter } from '../../../server/testing/coverage.js';
import { escapeXml, junitReport } from '../../../server/testing/reporters/junit.js';
import { textReport } from '../../../server/testing/reporters/text.js';
import { getUser } from '../../fixtures/apis.js';

const definition = ApiDefinition.parse(getUser());
const step = (nodeId: string, port: string | null): TraceStep => ({ nodeId, key: nodeId, type: 't', port, output: null, durationMs: 0 });

describe('CoverageCounter', () => {
  it('counts nodes and edges over traces and lists the branches none took', () => {
    const coverage = new CoverageCounter();
    coverage.add('api_1', 'draft', definition, [step('n1', 'out'), step('n2', 'found'), step('n3', null)]);
    coverage.add('api_1', 'draft', definition, [step('n1', 'out'), step('n2', 'found'), step('n3', null)]);
    const [report] = coverage.report();
    expect(report).toMatchObject({ nodesReached: 3, nodesTotal: 4, edgesTaken: 2, edgesTotal: 3, percent: 66 });
    expect(report!.nodes).toEqual([{ nodeId: 'n1', key: 'request', count: 2 }, { nodeId: 'n2', key: 'user', count: 2 }, { nodeId: 'n3', key: 'ok', count: 2 }]);
    expect(report!.edges).toEqual([{ edgeId: 'e1', count: 2 }, { edgeId: 'e2', count: 2 }]);
    expect(report!.untaken).toEqual([{ nodeId: 'n2', key: 'user', type: 'record.get', port: 'missing', edgeId: 'e3', nodeReached: true }]);
  });

  it('reports an API whose requests never reached its flow at 0%', () => {
    const coverage = new CoverageCounter();
    coverage.add('api_1', 3, definition, []);
    expect(coverage.report()[0]).toMatchObject({ version: 3, percent: 0, untaken: expect.arrayContaining([expect.objectContaining({ port: 'out', nodeReached: false })]) });
  });
});

const report: TestRunReport = {
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 12,
  target: 'draft',
  total: 2,
  passed: 1,
  failed: 1,
  tests: [
    { testId: 't1', name: 'ok <one>', apiId: 'a', apiName: 'Get & set', version: 'draft', environment: 'dev', passed: true, failures: [], response: { status: 200, headers: {}, body: {} }, nodeError: null, requestId: 'r1', durationMs: 2 },
    {
      testId: 't2', name: 'bad', apiId: 'a', apiName: 'Get & set', version: 'draft', environment: 'dev', passed: false, response: { status: 500, headers: {}, body: null }, requestId: 'r2', durationMs: 3,
      failures: [{ check: 'body', message: 'differs \u0001 "here"', diff: [{ path: '/a', kind: 'changed', expected: 1, actual: 2 }] }],
      nodeError: { key: 'call', code: 'test_call_not_allowed', message: 'no stub' },
    },
  ],
  suites: [],
  coverage: [],
};

describe('reports', () => {
  it('escape what XML cannot carry raw and drop what it cannot carry at all', () => {
    expect(escapeXml('a<b & "c" \u0000\u001b')).toBe('a&lt;b &amp; &quot;c&quot; ');
    const xml = junitReport(report);
    expect(xml).toContain('<testsuite name="Get &amp; set" tests="2" failures="1"');
    expect(xml).toContain('<testcase classname="Get &amp; set" name="ok &lt;one&gt;" time="0.002"/>');
    expect(xml).toContain('<failure message="differs  &quot;here&quot;" type="body">');
    expect(xml).toContain('~ a: expected 1, got 2');
    expect(xml).toContain('node &quot;call&quot; failed (test_call_not_allowed): no stub');
  });

  it('say the same in text for people', () => {
    const text = textReport(report);
    expect(text).toContain('  ✓ ok <one> → 200 (2.0 ms)');
    expect(text).toContain('  ✗ bad → 500 (3.0 ms)');
    expect(text).toContain('1 passed, 1 failed, 2 in all (draft)');
  });
});
