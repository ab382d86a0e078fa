import type { TestFixture } from '../../shared/model/api-tests.js';
import type { Storage } from '../storage/storage.js';
import type { Db } from '../workspace/db.js';
import { sandboxRecordStoreFor } from '../workspace/record-storage.js';
import type { RecordStore } from '../workspace/record-store.js';
import { SqliteSandboxRecordStore } from '../workspace/sandbox-record-store.js';

/**
 * Puts a test's fixtures into its sandbox: a record whose id a live record (or an earlier fixture)
 * has replaces it there, so a fixture always means "the store holds exactly this record".
 */
export async function seedFixtures(workspace: Storage | Db, live: RecordStore, sandbox: string, fixtures: readonly TestFixture[]): Promise<void> {
  if (fixtures.length === 0) return;
  const store = 'engine' in workspace ? sandboxRecordStoreFor(workspace, live, sandbox) : new SqliteSandboxRecordStore(workspace, live, sandbox);
  for (const fixture of fixtures) {
    for (const record of fixture.records) {
      const id = record.id === undefined || record.id === null ? undefined : String(record.id);
      if (id !== undefined && (await store.get(fixture.collection, id)) !== undefined) await store.delete(fixture.collection, id);
      await store.insert(fixture.collection, record);
    }
  }
}
