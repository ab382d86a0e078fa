import type { TestFixture } from '../../shared/model/api-tests.js';
import type { Db } from '../workspace/db.js';
import type { RecordStore } from '../workspace/record-store.js';
import { SandboxRecordStore } from '../workspace/sandbox-record-store.js';

/**
 * Puts a test's fixtures into its sandbox: a record whose id a live record (or an earlier fixture)
 * has replaces it there, so a fixture always means "the store holds exactly this record".
 */
export async function seedFixtures(db: Db, live: RecordStore, sandbox: string, fixtures: readonly TestFixture[]): Promise<void> {
  if (fixtures.length === 0) return;
  const store = new SandboxRecordStore(db, live, sandbox);
  for (const fixture of fixtures) {
    for (const record of fixture.records) {
      const id = record.id === undefined || record.id === null ? undefined : String(record.id);
      if (id !== undefined && (await store.get(fixture.collection, id)) !== undefined) await store.delete(fixture.collection, id);
      await store.insert(fixture.collection, record);
    }
  }
}
