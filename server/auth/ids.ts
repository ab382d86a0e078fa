import { randomBytes } from 'node:crypto';
import type { AuthSettings } from './settings.js';

const ID_BYTES = 12;
const KID_BYTES = 8;
const WORKSPACE_ID_BYTES = 12;
const WORKSPACE_ID_SETTING = 'workspace_id';

export const newTokenId = (): string => `tok_${randomBytes(ID_BYTES).toString('base64url')}`;
export const newKeyGroupId = (): string => `kg_${randomBytes(ID_BYTES).toString('base64url')}`;
export const newKid = (): string => randomBytes(KID_BYTES).toString('base64url');

/** This workspace's id, made on first use; it scopes the `iss` claim so another workspace's tokens never pass. */
export async function workspaceId(settings: AuthSettings): Promise<string> {
  return (await settings.get(WORKSPACE_ID_SETTING)) ?? settings.setOnce(WORKSPACE_ID_SETTING, `ws_${randomBytes(WORKSPACE_ID_BYTES).toString('base64url')}`);
}

/** The `iss` of every token this workspace signs. */
export const workspaceIssuer = async (settings: AuthSettings): Promise<string> => `flowgate:${await workspaceId(settings)}`;
