import { z } from 'zod';
import { ApiDefinition } from './api.js';
import { ApiExampleInput, MAX_EXAMPLES_PER_API } from './api-example.js';
import { ApiTestInput, TEST_LIMITS, TestSuiteInput } from './api-tests.js';
import { EnvironmentInput, EnvironmentName } from './environment.js';

/**
 * The export file of a workspace (or of one API): the Flow JSON of each API's draft, the versions
 * its environments serve, the environments and the key groups. Never tokens, token secrets or
 * signing keys: a token is signed by its workspace's private key and would not verify anywhere else.
 */
export const WORKSPACE_FILE_FORMAT = 'flowgate-workspace';
export const WORKSPACE_FILE_VERSION = 1;
export const WORKSPACE_FILE_NOTE =
  'Tokens and signing keys are never exported: tokens are signed by the exporting workspace and would not verify elsewhere. ' +
  'After importing, issue new tokens and add them to the key groups.';

/** Bounds an import checks before it looks closer, so a hostile file costs little. */
export const IMPORT_LIMITS = {
  /** The admin API's JSON body limit (server/admin/app.ts). */
  maxBytes: 10 * 1024 * 1024,
  /** Objects and arrays inside one another; checked without recursion before anything else walks the file. */
  maxDepth: 64,
  /** Every JSON value in the file: objects, arrays and scalars. */
  maxValues: 2_000_000,
  apis: 1000,
  versionsPerApi: 100,
  /** Flow nodes over every draft and version in the file. */
  nodes: 50_000,
  environments: 100,
  keyGroups: 1000,
} as const;

export const ExportedVersion = z.object({
  version: z.number().int().min(1),
  createdAt: z.string().max(64).optional(),
  definition: ApiDefinition,
});
export type ExportedVersion = z.infer<typeof ExportedVersion>;

export const ExportedDeployment = z.object({ environment: EnvironmentName, version: z.number().int().min(1) });
export type ExportedDeployment = z.infer<typeof ExportedDeployment>;

/** An API as exported: its draft's Flow JSON, plus the versions that were deployed and where. */
export const ExportedApi = ApiDefinition.extend({
  /** Its id in the exporting workspace; an import gives it a new one. */
  id: z.string().min(1).max(100),
  versions: z.array(ExportedVersion).max(IMPORT_LIMITS.versionsPerApi).default([]),
  deployments: z.array(ExportedDeployment).max(IMPORT_LIMITS.versionsPerApi).default([]),
  examples: z.array(ApiExampleInput).max(MAX_EXAMPLES_PER_API).default([]),
  tests: z.array(ApiTestInput).max(TEST_LIMITS.casesPerApi).default([]),
});
export type ExportedApi = z.infer<typeof ExportedApi>;

export const ExportedKeyGroup = z.object({
  /** Its id in the exporting workspace, which the APIs' `auth.keyGroupIds` name. */
  id: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
});
export type ExportedKeyGroup = z.infer<typeof ExportedKeyGroup>;

export const WorkspaceFile = z.object({
  format: z.literal(WORKSPACE_FILE_FORMAT),
  version: z.literal(WORKSPACE_FILE_VERSION),
  exportedAt: z.string().max(64),
  note: z.string().max(2000).optional(),
  apis: z.array(ExportedApi).max(IMPORT_LIMITS.apis).default([]),
  environments: z.array(EnvironmentInput).max(IMPORT_LIMITS.environments).default([]),
  keyGroups: z.array(ExportedKeyGroup).max(IMPORT_LIMITS.keyGroups).default([]),
  /** Test suites; their steps name APIs by their ids in the file. */
  suites: z.array(TestSuiteInput).max(TEST_LIMITS.suites).default([]),
});
export type WorkspaceFile = z.infer<typeof WorkspaceFile>;
export type WorkspaceFileInput = z.input<typeof WorkspaceFile>;

/** What to do with each thing in the file that the workspace already has. */
export const CONFLICT_ACTIONS = ['rename', 'replace', 'skip'] as const;
export const ConflictAction = z.enum(CONFLICT_ACTIONS);
export type ConflictAction = z.infer<typeof ConflictAction>;

/** The body of `POST /workspace/import`. `resolutions` overrides `onConflict` per conflict, by its `key`. */
export const ImportRequest = z.object({
  file: z.unknown(),
  onConflict: ConflictAction.default('rename'),
  resolutions: z.record(z.string().max(200), ConflictAction).default({}),
  dryRun: z.boolean().default(false),
});
export type ImportRequest = z.infer<typeof ImportRequest>;

export type ImportAction = 'create' | 'replace' | 'skip' | 'rename' | 'merge' | 'keep';

/** One line of an import plan: what happens to one API, environment or key group of the file. */
export type ImportItem = {
  kind: 'api' | 'environment' | 'keyGroup';
  /** The name in the file. */
  name: string;
  action: ImportAction;
  /** The name it gets when renamed. */
  newName?: string;
  /** `GET /users/:id` for APIs. */
  route?: string;
  /** The workspace's id of what it replaces or reuses. */
  existingId?: string;
  /** After an import (not a dry run): the id it has in the workspace now. */
  id?: string;
  /** Environments it will be deployed to, as `dev@v2`. */
  deploys?: string[];
  /** What the builder should know: draft problems, deployments left out. */
  notes: string[];
};

/** A clash with what the workspace already has; `key` names it in `resolutions`. */
export type ImportConflict = {
  key: string;
  kind: ImportItem['kind'];
  name: string;
  reason: string;
  action: ConflictAction;
};

export type ImportPlan = {
  dryRun: boolean;
  /** False when something stops the import; `blocking` says what. */
  ok: boolean;
  items: ImportItem[];
  conflicts: ImportConflict[];
  blocking: string[];
  counts: Record<ImportAction, number>;
};
