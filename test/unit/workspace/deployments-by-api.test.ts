import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEPLOYMENTS } from '../../../server/workspace/api-rows.js';
import { openDatabase, type Db } from '../../../server/workspace/db.js';

describe('migration 010: deployments by API', () => {
  const opened: { db: Db; dir: string }[] = [];
  afterEach(() => {
    for (const { db, dir } of opened.splice(0)) {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds one API\u2019s deployments through an index, not by scanning every deployment', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flowgate-deployments-'));
    const db = openDatabase(path.join(dir, 'workspace.db'));
    opened.push({ db, dir });
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${DEPLOYMENTS} WHERE d.api_id = ? ORDER BY d.environment`).all('api_1') as { detail: string }[];
    const details = plan.map((step) => step.detail).join('\n');
    expect(details).toMatch(/SEARCH d USING (COVERING )?INDEX deployments_by_api/);
    expect(details).not.toMatch(/SCAN d\b/);
  });
});
