import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http/errors.js';

export const MAX_BODY_BYTES = 5 * 1024 * 1024;

// Node discards whatever of the body is still unread once the answer is sent, so the client
// finishes its upload and reads the 413 instead of failing with a broken pipe.
const tooLarge = (): HttpError => new HttpError(413, 'payload_too_large', `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`);

function isJsonType(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** Reads and parses a JSON request body: 413 past the limit (without reading the rest), 415 for other types, 400 for malformed JSON. */
export function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<{ body: unknown; bytes: number }> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge());
  if (declared === '0' || (declared === undefined && req.headers['transfer-encoding'] === undefined)) {
    return Promise.resolve({ body: undefined, bytes: 0 });
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
        reject(tooLarge());
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
      if (bytes === 0) return resolve({ body: undefined, bytes });
      if (!isJsonType(req.headers['content-type'])) {
        return reject(new HttpError(415, 'unsupported_media_type', 'Send the request body as JSON (Content-Type: application/json)'));
      }
      const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, bytes).toString('utf8');
      try {
        resolve({ body: JSON.parse(text), bytes });
      } catch (error) {
        reject(new HttpError(400, 'malformed_json', `The request body is not valid JSON: ${(error as Error).message}`));
      }
    });
  });
}
