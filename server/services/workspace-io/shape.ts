import { IMPORT_LIMITS, WORKSPACE_FILE_FORMAT, WORKSPACE_FILE_VERSION } from '../../../shared/model/workspace-file.js';
import { HttpError } from '../../http/errors.js';

export const invalidFile = (code: string, message: string, details?: unknown): HttpError => new HttpError(422, code, message, details);

/**
 * Walks parsed JSON with an explicit stack (no recursion, so no stack overflow) and refuses it when
 * it nests deeper than `maxDepth` or holds more than `maxValues` values: before zod or anything
 * recursive looks at it.
 */
export function checkJsonShape(value: unknown, maxDepth: number = IMPORT_LIMITS.maxDepth, maxValues: number = IMPORT_LIMITS.maxValues): void {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let count = 0;
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (++count > maxValues) {
      throw invalidFile('import_limit_exceeded', `The file holds more than ${maxValues.toLocaleString('en')} JSON values; split it up`);
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= maxDepth) {
      throw invalidFile('too_deeply_nested', `The file nests objects and arrays more than ${maxDepth} levels deep; no Flowgate export does`);
    }
    const children = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) stack.push({ value: child, depth: depth + 1 });
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The cheap, clear refusals: not an export at all, a version this Flowgate cannot read, too many things. */
export function preflight(file: unknown): void {
  if (!isObject(file) || file.format !== WORKSPACE_FILE_FORMAT) {
    throw invalidFile('not_a_workspace_file', `This is not a Flowgate workspace file: it needs "format": "${WORKSPACE_FILE_FORMAT}"`);
  }
  if (file.version !== WORKSPACE_FILE_VERSION) {
    const newer = typeof file.version === 'number' && file.version > WORKSPACE_FILE_VERSION;
    throw invalidFile(
      'unsupported_file_version',
      newer
        ? `The file is format version ${file.version}, from a newer Flowgate; this one reads version ${WORKSPACE_FILE_VERSION}`
        : `The file's "version" is ${JSON.stringify(file.version)}; this Flowgate reads version ${WORKSPACE_FILE_VERSION}`,
    );
  }
  const bounds: [string, number][] = [
    ['apis', IMPORT_LIMITS.apis],
    ['environments', IMPORT_LIMITS.environments],
    ['keyGroups', IMPORT_LIMITS.keyGroups],
  ];
  for (const [field, max] of bounds) {
    const list = file[field];
    if (Array.isArray(list) && list.length > max) {
      throw invalidFile('import_limit_exceeded', `The file has ${list.length} ${field}; an import takes at most ${max}`);
    }
  }
  let nodes = 0;
  for (const api of Array.isArray(file.apis) ? file.apis : []) {
    nodes += flowNodeCount(api);
    if (isObject(api) && Array.isArray(api.versions)) for (const version of api.versions) nodes += isObject(version) ? flowNodeCount(version.definition) : 0;
  }
  if (nodes > IMPORT_LIMITS.nodes) {
    throw invalidFile('import_limit_exceeded', `The file has ${nodes} flow nodes over its drafts and versions; an import takes at most ${IMPORT_LIMITS.nodes}`);
  }
}

function flowNodeCount(definition: unknown): number {
  if (!isObject(definition) || !isObject(definition.flow)) return 0;
  return Array.isArray(definition.flow.nodes) ? definition.flow.nodes.length : 0;
}
