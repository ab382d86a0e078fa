import { randomBytes } from 'node:crypto';
import type { Db } from '../workspace/db.js';

const ID_BYTES = 12;
const KID_BYTES = 8;
const WORKSPACE_ID_BYTES = 12;

export const newTokenId = (): string => `tok_${randomBytes(ID_BYTES).toString('base64url')}`;
export const newKeyGroupId = (): string => `kg_${randomBytes(ID_BYTES).toString('base64url')}`;
export const newKid = (): string => randomBytes(KID_BYTES).toString('base64url');

/** This workspace's id, made on first use; it scopes the `iss` claim so another workspace's tokens never pass. */
export function workspaceId(db: Db): string {
  const row = db.prepare(`SELECT value FROM settings WHERE key = 'workspace_id'`).get() as { value: string } | undefined;
  if (row) return row.value;
  const id = `ws_${randomBytes(WORKSPACE_ID_BYTES).toString('base64url')}`;
  db.prepare(`INSERT OR IGNORE INTO settings (key, value) VALUES ('workspace_id', ?)`).run(id);
  return workspaceId(db);
}

/** The `iss` of every token this workspace signs. */
export const workspaceIssuer = (db: Db): string => `flowgate:${workspaceId(db)}`;
