import { z } from 'zod';
import { Scope } from './api.js';
import { EnvironmentName } from './environment.js';
import { plainName } from './names.js';
import { isIpv4, isIpv6, TokenVars } from './token.js';

/** Bounds that keep one workspace's tests cheap to store, export and run. */
export const TEST_LIMITS = {
  casesPerApi: 500,
  suites: 200,
  stepsPerSuite: 50,
  /** Records seeded into a run's sandbox, over every collection of one case or suite. */
  fixtureRecords: 1000,
  stubsPerTest: 50,
  /** A latency budget above the runtime's own deadline could never fail. */
  maxLatencyBudgetMs: 30_000,
  /** JSONata assertions and saved values are short expressions, not programs. */
  expressionChars: 4000,
} as const;

/** What a test run answers from, before anything else: `127.0.0.1` is the editor's own machine. */
export const DEFAULT_TEST_ADDRESS = '127.0.0.1';
export const DEFAULT_TEST_ENVIRONMENT = 'dev';

export const TestName = plainName(z.string().trim().min(1).max(200));

/**
 * Who calls, when not anonymous: a token made for the run from these settings and signed with the
 * workspace's key for a few seconds; no token string is ever stored. `address` is the caller's IP.
 */
export const TokenProfile = z.object({
  /** The token's environment; the test's own when left out (another one tests the 403). */
  environment: EnvironmentName.optional(),
  scopes: z.array(Scope).max(100).default([]),
  keyGroupIds: z.array(z.string().min(1).max(100)).max(100).default([]),
  vars: TokenVars.default({}),
  address: z
    .string()
    .trim()
    .max(64)
    .refine((text) => isIpv4(text) || isIpv6(text), 'the address is the caller\u2019s IPv4 or IPv6 address (203.0.113.7, 2001:db8::1)')
    .default(DEFAULT_TEST_ADDRESS),
});
export type TokenProfile = z.infer<typeof TokenProfile>;

/** The request a test sends, as a client would send it to the published route. */
export const TestRequest = z.object({
  params: z.record(z.string(), z.string().max(2000)).default({}),
  query: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
  headers: z.record(z.string(), z.string().max(8000)).default({}),
  body: z.unknown().optional(),
  /** The body as the text a client sent (a request-log replay of a body that was not JSON); takes the place of `body`. */
  rawBody: z.string().max(5 * 1024 * 1024).optional(),
  /** No token when null. */
  token: TokenProfile.nullable().default(null),
});
export type TestRequest = z.infer<typeof TestRequest>;
export type TestRequestInput = z.input<typeof TestRequest>;

const Expression = z.string().trim().min(1).max(TEST_LIMITS.expressionChars);

/**
 * What the answer must be. `body` is a subset: every field it names must be there with that value,
 * other fields may be too; `bodyEquals` is the whole body. `assert` is JSONata over
 * `{status, headers, body, vars}` that must be true. `schema` is a JSON Schema the body must match.
 */
export const TestExpectations = z.object({
  status: z.number().int().min(100).max(599).optional(),
  /** Header name (any case) → the value it must have. */
  headers: z.record(z.string().min(1).max(200), z.string().max(8000)).optional(),
  body: z.unknown().optional(),
  bodyEquals: z.unknown().optional(),
  assert: z.union([Expression, z.array(Expression).max(20)]).optional(),
  schema: z.record(z.string(), z.unknown()).optional(),
  maxLatencyMs: z.number().positive().max(TEST_LIMITS.maxLatencyBudgetMs).optional(),
});
export type TestExpectations = z.infer<typeof TestExpectations>;

/** An outbound call answered by the test instead of the upstream: the first stub whose method and URL prefix match. */
export const OutboundStub = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']).optional(),
  /** The start of the URL it answers: `https://api.example.com/users`. */
  url: z.string().trim().min(1).max(2000).url(),
  status: z.number().int().min(200).max(599).default(200),
  headers: z.record(z.string(), z.string().max(8000)).default({}),
  body: z.unknown().optional(),
});
export type OutboundStub = z.infer<typeof OutboundStub>;

/** Outbound calls of the flow's http.request nodes: answered by stubs, sent to allowed hosts, refused otherwise. */
export const TestOutbound = z.object({
  stubs: z.array(OutboundStub).max(TEST_LIMITS.stubsPerTest).default([]),
  /** Hosts (`api.example.com`, `127.0.0.1:3000`) the run may really call, within the environment's outbound settings. */
  allowHosts: z.array(z.string().trim().toLowerCase().min(1).max(300)).max(100).default([]),
});
export type TestOutbound = z.infer<typeof TestOutbound>;

/** Records put into the run's sandbox before it starts; live records stay untouched. */
export const TestFixture = z.object({
  collection: z.string().trim().min(1).max(100),
  records: z.array(z.record(z.string(), z.unknown())).max(TEST_LIMITS.fixtureRecords),
});
export type TestFixture = z.infer<typeof TestFixture>;

const Fixtures = z
  .array(TestFixture)
  .max(100)
  .default([])
  .refine((list) => list.reduce((sum, fixture) => sum + fixture.records.length, 0) <= TEST_LIMITS.fixtureRecords, `fixtures hold at most ${TEST_LIMITS.fixtureRecords} records in all`);

/** A test case of one API: every part but the name may be left out (then: any answer passes but a 5xx). */
export const ApiTestInput = z.object({
  name: TestName,
  description: z.string().max(2000).default(''),
  environment: EnvironmentName.default(DEFAULT_TEST_ENVIRONMENT),
  request: TestRequest.default({ params: {}, query: {}, headers: {}, token: null }),
  expect: TestExpectations.default({}),
  outbound: TestOutbound.default({ stubs: [], allowHosts: [] }),
  fixtures: Fixtures,
});
export type ApiTestInput = z.infer<typeof ApiTestInput>;
export type ApiTestInputBody = z.input<typeof ApiTestInput>;

export type ApiTest = ApiTestInput & { id: string; apiId: string; createdAt: string; updatedAt: string; revision: number };

/** A name a step's later steps read its values by: `{{userId}}` in a request, `vars.userId` in an assertion. */
export const SuiteVarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'cannot name a value: use letters, digits and _, not starting with a digit (later steps write {{name}})');

/**
 * One step of a suite: a request to an API with its expectations, and values it passes on (name →
 * JSONata over `{status, headers, body, vars}`), which later steps use as `{{name}}` in their request
 * and expectations.
 */
export const SuiteStep = z.object({
  name: TestName,
  apiId: z.string().min(1).max(100),
  request: TestRequest.default({ params: {}, query: {}, headers: {}, token: null }),
  expect: TestExpectations.default({}),
  outbound: TestOutbound.default({ stubs: [], allowHosts: [] }),
  save: z.record(SuiteVarName, Expression).default({}),
});
export type SuiteStep = z.infer<typeof SuiteStep>;

/** Ordered steps across APIs, sharing one sandbox seeded with the fixtures. */
export const TestSuiteInput = z.object({
  name: TestName,
  description: z.string().max(2000).default(''),
  environment: EnvironmentName.default(DEFAULT_TEST_ENVIRONMENT),
  steps: z.array(SuiteStep).min(1).max(TEST_LIMITS.stepsPerSuite),
  fixtures: Fixtures,
});
export type TestSuiteInput = z.infer<typeof TestSuiteInput>;
export type TestSuiteInputBody = z.input<typeof TestSuiteInput>;

export type TestSuite = TestSuiteInput & { id: string; createdAt: string; updatedAt: string; revision: number };
