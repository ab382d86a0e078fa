import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/workspace/db.js';
import { MIGRATIONS } from '../../../server/workspace/migrations/index.js';

const TYPE_VERSIONS = MIGRATIONS.findIndex((m) => m.name === '005_node_type_versions');

describe('migration 005: node type versions', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('stamps typeVersion 1 on nodes saved before versions existed, and keeps a version that is there', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flowgate-migrate-'));
    dirs.push(dir);
    const file = path.join(dir, 'old.db');
    const old = new Database(file);
    for (const migration of MIGRATIONS.slice(0, TYPE_VERSIONS)) old.exec(migration.sql);
    old.pragma(`user_version = ${TYPE_VERSIONS}`);
    const definition = JSON.stringify({
      name: 'Old', method: 'GET', path: '/old',
      flow: { nodes: [{ id: 'n1', type: 'request', config: {} }, { id: 'n2', type: 'respond', typeVersion: 2, config: { body: '[1, {"a": 2}]' } }], edges: [] },
    });
    const now = new Date().toISOString();
    old.prepare('INSERT INTO apis (id, name, method, path, definition, draft_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run('api_1', 'Old', 'GET', '/old', definition, 'h', now, now);
    old.prepare('INSERT INTO api_versions (api_id, version, definition, hash, created_at) VALUES (?, ?, ?, ?, ?)').run('api_1', 1, definition, 'h', now);
    old.close();

    const db = openDatabase(file);
    try {
      for (const table of ['apis', 'api_versions']) {
        const row = db.prepare(`SELECT definition FROM ${table}`).get() as { definition: string };
        const nodes = JSON.parse(row.definition).flow.nodes;
        expect(nodes.map((n: { id: string; typeVersion: number }) => [n.id, n.typeVersion])).toEqual([['n1', 1], ['n2', 2]]);
        expect(nodes[1].config.body).toBe('[1, {"a": 2}]');
      }
    } finally {
      db.close();
    }
  });
});
