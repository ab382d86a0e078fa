import { ETAG_HEADER, revisionTag, type RevisionConflictDetails } from '../../shared/api/contract.js';
import { HttpError } from './errors.js';

/** `"7"` as ETag writes it; a bare `7` is taken too, for hand-written calls (curl). */
const IF_MATCH_VALUE = /^\s*(?:"(\d{1,15})"|(\d{1,15}))\s*$/;

/** The revision an `If-Match` header names: 428 without one, 400 for anything but one revision. `what`: the request, as the message names it. */
export function revisionFromIfMatch(header: string | undefined, what: string): number {
  if (header === undefined || header.trim() === '') {
    throw new HttpError(
      428,
      'revision_required',
      `${what} needs the revision you last read, sent as If-Match (the ETag of its GET, e.g. If-Match: "3"), so that changes made elsewhere meanwhile are not overwritten`,
    );
  }
  const match = IF_MATCH_VALUE.exec(header);
  if (!match) {
    throw new HttpError(400, 'invalid_if_match', `If-Match names one revision, as the ETag gave it (e.g. "3"); got ${JSON.stringify(header.slice(0, 100))}`);
  }
  return Number(match[1] ?? match[2]);
}

/**
 * The 412 for a write based on an older revision: the current revision and object in `details`
 * (and the revision as ETag), so the client can show both sides and choose.
 */
export function revisionConflict<T extends { revision: number }>(what: string, current: T, sent: number): HttpError {
  const details: RevisionConflictDetails<T> = { revision: current.revision, current };
  return new HttpError(
    412,
    'revision_conflict',
    `${what} was changed elsewhere since you read it (now revision ${current.revision}, you sent ${sent}): reload it, or send If-Match: "${current.revision}" to overwrite those changes`,
    details,
    { [ETAG_HEADER]: revisionTag(current.revision) },
  );
}

/** Refuses a write based on another revision than the current one. */
export function expectRevision<T extends { revision: number }>(what: string, current: T, sent: number | undefined): void {
  if (sent !== undefined && sent !== current.revision) throw revisionConflict(what, current, sent);
}
