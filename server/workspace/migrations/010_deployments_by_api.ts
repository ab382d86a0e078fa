/**
 * Deployments by API: a publish, rollback or reload of one API reads its deployments by `api_id`,
 * which the primary key (environment, api_id) cannot find without scanning every deployment.
 * PostgreSQL's first migration has the same index.
 */
export const sql = `
CREATE INDEX deployments_by_api ON deployments(api_id, version);
`;
