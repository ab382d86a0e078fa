import type { ApiDefinition } from '../../shared/model/api.js';
import { buildOperationPart, type OperationPart, type Placement } from './document.js';

/** Longest run of operation building before the event loop gets a turn: requests to the runtime wait at most about this long. */
export const BUILD_SLICE_MS = 4;

/** What one operation was built from; it is reused while every one of these is the same. */
type Fragment = {
  /** The served version's definition object: the same while its route is served. */
  definition: ApiDefinition;
  version: number;
  operationId: string;
  templateNames: string;
  examples: string;
  keyGroups: string;
  part: OperationPart;
};

/** Lets the event loop run what waits (requests, I/O) before going on. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Each document's operations, by API id, kept from one build to the next: after a publish only the
 * published API's operation is built again, and the document is joined from the others as they were.
 * Building runs in slices of BUILD_SLICE_MS, so a first build (every operation) never stalls the runtime.
 */
export class OperationFragments {
  /** By document (environment and whether key groups are named), then API id. */
  private readonly byDocument = new Map<string, Map<string, Fragment>>();
  /** Operations built since start: tests read it to see a document rebuilt from what it kept. */
  built = 0;

  /** The operations of a document, in `placements`' order: built where an input changed, the rest as kept. */
  async parts(documentKey: string, placements: readonly Placement[], keyGroupNames: ReadonlyMap<string, string> | null, sliceMs = BUILD_SLICE_MS): Promise<OperationPart[]> {
    const previous = this.byDocument.get(documentKey);
    const kept = new Map<string, Fragment>();
    const parts: OperationPart[] = [];
    let sliceStart = performance.now();
    for (const placement of placements) {
      const { api } = placement;
      const wanted = {
        definition: api.definition,
        version: api.version,
        operationId: placement.operationId,
        templateNames: placement.templateNames.join('/'),
        examples: api.examples.map((example) => example.id).join('+'),
        keyGroups: keyGroupNames ? api.definition.auth.keyGroupIds.map((id) => keyGroupNames.get(id) ?? id).join('\u0000') : '',
      };
      let fragment = previous?.get(api.apiId);
      if (!fragment || !sameInputs(fragment, wanted)) {
        fragment = { ...wanted, part: buildOperationPart(placement, keyGroupNames) };
        this.built += 1;
      }
      kept.set(api.apiId, fragment);
      parts.push(fragment.part);
      if (performance.now() - sliceStart >= sliceMs) {
        await nextTurn();
        sliceStart = performance.now();
      }
    }
    // What the document no longer serves goes with this build.
    this.byDocument.set(documentKey, kept);
    return parts;
  }

  /** An environment that is gone: its documents' operations are let go. */
  forgetEnvironment(environment: string): void {
    for (const key of [...this.byDocument.keys()]) if (key.startsWith(`${environment}\u0000`)) this.byDocument.delete(key);
  }
}

const sameInputs = (fragment: Fragment, wanted: Omit<Fragment, 'part'>): boolean =>
  fragment.definition === wanted.definition &&
  fragment.version === wanted.version &&
  fragment.operationId === wanted.operationId &&
  fragment.templateNames === wanted.templateNames &&
  fragment.examples === wanted.examples &&
  fragment.keyGroups === wanted.keyGroups;

/** Pieces copied between two looks at the clock. */
const PIECES_PER_CHECK = 64;

/** `Buffer.concat(pieces)`, copied in slices of `sliceMs`: a 2 MB document is a copy of several milliseconds on a busy machine. */
export async function joinInSlices(pieces: readonly Buffer[], sliceMs = BUILD_SLICE_MS): Promise<Buffer> {
  let total = 0;
  for (const piece of pieces) total += piece.length;
  // Every byte is written below before it is read.
  const body = Buffer.allocUnsafe(total);
  let offset = 0;
  let sliceStart = performance.now();
  for (let index = 0; index < pieces.length; index += 1) {
    offset += pieces[index]!.copy(body, offset);
    if (index % PIECES_PER_CHECK === 0 && performance.now() - sliceStart >= sliceMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
  return body;
}
