import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../server/config.js';
import { readTestCommand } from '../../../server/testing/cli-options.js';

describe('flowgate test: where the workspace is', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const folder = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flowgate-cli-'));
    dirs.push(dir);
    return dir;
  };
  const usageError = (args: string[], cwd: string): ConfigError => {
    try {
      readTestCommand(args, cwd);
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error(`${args.join(' ')} was accepted`);
  };

  it('takes a SQLite file with --db, resolved from the working folder', () => {
    const cwd = folder();
    writeFileSync(path.join(cwd, 'ws.db'), '');
    expect(readTestCommand(['--db', 'ws.db'], cwd)).toMatchObject({ kind: 'run', source: { kind: 'db', file: path.join(cwd, 'ws.db') } });
    expect(usageError(['--db', 'missing.db'], cwd).message).toContain(`there is no workspace at ${path.join(cwd, 'missing.db')}`);
  });

  it('takes a PostgreSQL workspace with --database, as its URL', () => {
    const cwd = folder();
    const url = 'postgres://flowgate:secret@127.0.0.1:5432/flowgate';
    expect(readTestCommand(['--database', url, '--reporter', 'junit'], cwd)).toMatchObject({ kind: 'run', source: { kind: 'database', url }, reporter: 'junit' });
    expect(readTestCommand(['--database', 'postgresql://127.0.0.1/ws'], cwd)).toMatchObject({ source: { kind: 'database', url: 'postgresql://127.0.0.1/ws' } });
    const notUrl = usageError(['--database', 'ws.db'], cwd);
    expect(notUrl.code).toBe('invalid_flag');
    expect(notUrl.message).toContain('--database takes a PostgreSQL URL');
  });

  it('refuses two workspaces at once', () => {
    const cwd = folder();
    writeFileSync(path.join(cwd, 'ws.db'), '');
    const both = usageError(['--db', 'ws.db', '--database', 'postgres://127.0.0.1/ws'], cwd);
    expect(both.code).toBe('invalid_flag');
    expect(both.message).toContain('give one of --db, --database or --workspace');
  });
});
