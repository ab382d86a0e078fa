import { sql as workspace } from './001_workspace.js';
import { sql as auth } from './002_auth.js';
import { sql as records } from './003_records.js';
import { sql as requestLog } from './004_request_log.js';
import { sql as apiTests } from './005_api_tests.js';
import { sql as traces } from './006_traces.js';
import { sql as changeNotices } from './007_change_notices.js';

/**
 * The PostgreSQL schema, one migration per area, in the order their foreign keys need
 * (001_workspace, 002_auth, 003_records, 004_request_log, 005_api_tests, 006_traces, 007_change_notices). It is the SQLite schema
 * of server/workspace/migrations at its latest version, written for PostgreSQL: a PostgreSQL
 * workspace starts there. Timestamps are ISO text as on SQLite, so both engines hand repositories
 * the same values. Append only; the number of those run is kept in `flowgate_schema`.
 */
export const POSTGRES_MIGRATIONS: readonly { name: string; sql: string }[] = [
  { name: '001_workspace', sql: workspace },
  { name: '002_auth', sql: auth },
  { name: '003_records', sql: records },
  { name: '004_request_log', sql: requestLog },
  { name: '005_api_tests', sql: apiTests },
  { name: '006_traces', sql: traces },
  { name: '007_change_notices', sql: changeNotices },
];
