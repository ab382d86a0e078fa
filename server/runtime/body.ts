import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http/errors.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';

export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** A request body as the flow sees it (undefined when none came) and its size on the wire. */
export type BodyRead = { body: unknown; bytes: number };

// Node discards whatever of the body is still unread once the answer is sent, so the client
// finishes its upload and reads the 413 instead of failing with a broken pipe.
const tooLarge = (limit: number): HttpError => new HttpError(413, 'payload_too_large', `The request body is larger than ${limit / 1024 / 1024} MB`);
const NO_BODY: BodyRead = Object.freeze({ body: undefined, bytes: 0 });

function isJsonType(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

const unsupportedType = (): HttpError => new HttpError(415, 'unsupported_media_type', 'Send the request body as JSON (Content-Type: application/json)');

/** The checks every body gets once it is in: 415 for other types, 400 for JSON nested too deep or malformed. */
export function parseJsonBody(text: string, bytes: number, contentType: string | undefined): BodyRead {
  if (bytes === 0) return NO_BODY;
  if (!isJsonType(contentType)) throw unsupportedType();
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new HttpError(400, 'invalid_json', `The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep; send flatter JSON`);
  }
  try {
    return { body: JSON.parse(text), bytes };
  } catch (error) {
    throw new HttpError(400, 'malformed_json', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** A request body as read from the socket, not parsed yet: parsing is a flow worker's job (see parseJsonBody). */
export type RawBody = { text: string; bytes: number; contentType: string | undefined };

const NO_RAW_BODY = (contentType: string | undefined): RawBody => ({ text: '', bytes: 0, contentType });

/** Reads a request body as text: 413 past the limit, without reading the rest. */
export function readRawBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<RawBody> {
  const contentType = req.headers['content-type'];
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge(limit));
  if (declared === '0' || (declared === undefined && req.headers['transfer-encoding'] === undefined)) {
    return Promise.resolve(NO_RAW_BODY(contentType));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      bytes += chunk.length;
      if (bytes > limit) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (error) => {
      if (!failed) reject(error);
      failed = true;
    });
    req.on('end', () => {
      if (failed) return;
      const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, bytes).toString('utf8');
      resolve({ text, bytes, contentType });
    });
  });
}

/** Reads and parses a JSON request body: readRawBody's 413, then the checks of parseJsonBody. */
export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyRead> {
  const raw = await readRawBody(req, limit);
  return parseJsonBody(raw.text, raw.bytes, raw.contentType);
}

/**
 * A Draft run's body, given as the text a client would send or as a JSON value (sent as its JSON
 * text), checked as the fast lane checks what it reads: 413 past the limit.
 */
export function draftRawBody(given: { text?: string | undefined; value?: unknown }, contentType: string | undefined, limit = MAX_BODY_BYTES): RawBody {
  const text = given.text ?? (given.value === undefined ? '' : JSON.stringify(given.value));
  const bytes = Buffer.byteLength(text);
  if (bytes > limit) throw tooLarge(limit);
  return { text, bytes, contentType };
}

/** draftRawBody, then the type and syntax checks of parseJsonBody. */
export function draftBody(given: { text?: string | undefined; value?: unknown }, contentType: string | undefined, limit = MAX_BODY_BYTES): BodyRead {
  const raw = draftRawBody(given, contentType, limit);
  return parseJsonBody(raw.text, raw.bytes, raw.contentType);
}
