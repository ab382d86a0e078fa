/**
 * Editable objects get a revision, raised by every change to them: the admin API answers it as
 * `ETag` and refuses a write whose `If-Match` names an older one, so two windows never overwrite
 * each other silently.
 */
export const sql = `
ALTER TABLE apis ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE environments ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE tokens ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE key_groups ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
`;
