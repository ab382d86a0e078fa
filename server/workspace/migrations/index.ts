import { sql as initial } from './001_initial.js';
import { sql as tokens } from './002_tokens.js';
import { sql as examples } from './003_examples.js';
import { sql as environmentSecretsOutbound } from './004_environment_secrets_outbound.js';
import { sql as nodeTypeVersions } from './005_node_type_versions.js';
import { sql as revisions } from './006_revisions.js';
import { sql as recordIndexes } from './007_record_indexes.js';
import { sql as draftSandboxes } from './008_draft_sandboxes.js';
import { sql as apiTests } from './009_api_tests.js';
import { sql as deploymentsByApi } from './010_deployments_by_api.js';
import { sql as recordsRowId } from './011_records_row_id.js';

/** Numbered schema migrations; `PRAGMA user_version` records how many have run. Append only. */
export const MIGRATIONS: readonly { name: string; sql: string }[] = [
  { name: '001_initial', sql: initial },
  { name: '002_tokens', sql: tokens },
  { name: '003_examples', sql: examples },
  { name: '004_environment_secrets_outbound', sql: environmentSecretsOutbound },
  { name: '005_node_type_versions', sql: nodeTypeVersions },
  { name: '006_revisions', sql: revisions },
  { name: '007_record_indexes', sql: recordIndexes },
  { name: '008_draft_sandboxes', sql: draftSandboxes },
  { name: '009_api_tests', sql: apiTests },
  { name: '010_deployments_by_api', sql: deploymentsByApi },
  { name: '011_records_row_id', sql: recordsRowId },
];
