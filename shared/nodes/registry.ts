import { condition } from './condition.js';
import { fail } from './fail.js';
import { httpRequest } from './http-request.js';
import { log } from './log.js';
import { recordDelete } from './record-delete.js';
import { recordGet } from './record-get.js';
import { recordInsert } from './record-insert.js';
import { recordQuery } from './record-query.js';
import { recordUpdate } from './record-update.js';
import { redirect } from './redirect.js';
import { request } from './request.js';
import { respond } from './respond.js';
import { set } from './set.js';
import type { NodeDefinition } from './types.js';
import { transform } from './transform.js';
import { validate } from './validate.js';

/** Every node type of the catalog, in palette order. */
export const NODE_DEFINITIONS = [
  request, transform, set, condition, validate, log,
  recordInsert, recordGet, recordQuery, recordUpdate, recordDelete,
  httpRequest, respond, redirect, fail,
] as const;

/** The type names of the catalog: the server must have an executor for each (checked by the compiler, see server/executors/registry.ts). */
export type NodeType = (typeof NODE_DEFINITIONS)[number]['type'];

export type NodeDefinitionOf<T extends NodeType> = Extract<(typeof NODE_DEFINITIONS)[number], { type: T }>;

/** 1 | 2 | … | N: the versions a node type has had, for a current version N. */
export type VersionsUpTo<N extends number, Counted extends unknown[] = [unknown]> = Counted['length'] extends N
  ? N
  : Counted['length'] | VersionsUpTo<N, [...Counted, unknown]>;

export type NodeVersion<T extends NodeType> = VersionsUpTo<NodeDefinitionOf<T>['version']>;

export const NODE_TYPES: ReadonlyMap<string, NodeDefinition> = new Map(
  NODE_DEFINITIONS.map((definition): [string, NodeDefinition] => [definition.type, definition]),
);

export function nodeDefinition(type: string): NodeDefinition | undefined {
  return NODE_TYPES.get(type);
}
