import type { ApiDefinition } from '../../../shared/model/api.js';
import type { ApiExampleInput } from '../../../shared/model/api-example.js';
import type { ApiTestInput, TestSuiteInput } from '../../../shared/model/api-tests.js';
import type { EnvironmentInput, EnvironmentUpdate } from '../../../shared/model/environment.js';
import type { LiveDeployment } from '../../workspace/apis.js';

/**
 * The reads and writes an import makes, all inside its one transaction. The import is written once
 * as a generator that yields these calls; SQLite runs them synchronously inside `db.transaction`,
 * PostgreSQL awaits them on the transaction's connection. So both engines apply all of it or nothing.
 */
export interface ImportOps {
  createEnvironment(input: EnvironmentInput): void;
  /** An existing environment takes the file's description and variables (see EnvironmentStore.update). */
  mergeEnvironment(name: string, update: EnvironmentUpdate): void;
  /** Answers the new key group's id. */
  createKeyGroup(name: string, description: string): string;
  describeKeyGroup(id: string, description: string): void;
  /** Answers the new API's id; `createdAt` keeps the file's order in the creation-ordered list. */
  createApi(draft: ApiDefinition, createdAt: string): string;
  /** Replaces the draft, takes the API off every environment and drops its examples and tests; answers its newest version number (0 for none). */
  replaceApi(id: string, draft: ApiDefinition): number;
  addVersion(id: string, version: number, definition: ApiDefinition, createdAt: string): void;
  deploy(id: string, environment: string, version: number): void;
  addExample(id: string, example: ApiExampleInput): void;
  addTest(id: string, test: ApiTestInput): void;
  suiteNames(): string[];
  apiExists(id: string): boolean;
  addSuite(suite: TestSuiteInput): void;
  /** What the workspace would serve once the import commits. */
  liveDeployments(): LiveDeployment[];
}

export type AsyncImportOps = { [K in keyof ImportOps]: (...args: Parameters<ImportOps[K]>) => Promise<ReturnType<ImportOps[K]>> };

type Call = { [K in keyof ImportOps]: { op: K; args: Parameters<ImportOps[K]> } }[keyof ImportOps];

/** An import (or part of one) written against ImportOps: yield* call(…) for each read or write. */
export type ImportRun<T> = Generator<Call, T, unknown>;

export function* call<K extends keyof ImportOps>(op: K, ...args: Parameters<ImportOps[K]>): ImportRun<ReturnType<ImportOps[K]>> {
  return (yield { op, args } as Call) as ReturnType<ImportOps[K]>;
}

/** Runs an import synchronously (inside a SQLite transaction). */
export function runNow<T>(run: ImportRun<T>, ops: ImportOps): T {
  let step = run.next();
  while (!step.done) {
    const { op, args } = step.value;
    step = run.next((ops[op] as (...given: unknown[]) => unknown)(...args));
  }
  return step.value;
}

/** Runs an import call by call on an asynchronous connection (inside a PostgreSQL transaction). */
export async function runLater<T>(run: ImportRun<T>, ops: AsyncImportOps): Promise<T> {
  let step = run.next();
  while (!step.done) {
    const { op, args } = step.value;
    step = run.next(await (ops[op] as (...given: unknown[]) => Promise<unknown>)(...args));
  }
  return step.value;
}

/** Where an import is applied: one transaction per call, committed when `work` returns, rolled back when it throws. */
export interface WorkspaceImportStore {
  transaction<T>(work: () => ImportRun<T>): Promise<T>;
}
