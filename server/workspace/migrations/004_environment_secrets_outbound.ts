/**
 * Environments get secret variables (name → value sealed with the workspace key, never stored in
 * clear) and outbound settings (whether flows may call private networks, and which hosts by name).
 */
export const sql = `
ALTER TABLE environments ADD COLUMN secrets TEXT NOT NULL DEFAULT '{}';
ALTER TABLE environments ADD COLUMN outbound TEXT NOT NULL DEFAULT '{"allowPrivate":false,"allowHosts":[]}';
`;
