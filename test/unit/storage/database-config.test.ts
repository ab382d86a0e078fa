import { describe, expect, it } from 'vitest';
import { ConfigError, readServeConfig } from '../../../server/config.js';
import { redactUrl } from '../../../server/storage/postgres.js';

/** Keys from the environment, so reading the config makes no files. */
const KEYS = { FLOWGATE_ADMIN_KEY: 'a'.repeat(24), FLOWGATE_KEK: 'k'.repeat(24) };
const URL = 'postgres://flowgate:secret@db.internal:5432/flowgate';

describe('choosing a PostgreSQL workspace', () => {
  it('keeps the SQLite file when no database is given', () => {
    expect(readServeConfig([], KEYS).databaseUrl).toBeUndefined();
  });

  it('takes --database, else FLOWGATE_DATABASE_URL', () => {
    expect(readServeConfig(['--database', URL], KEYS).databaseUrl).toBe(URL);
    expect(readServeConfig([], { ...KEYS, FLOWGATE_DATABASE_URL: URL }).databaseUrl).toBe(URL);
    expect(readServeConfig(['--database', URL], { ...KEYS, FLOWGATE_DATABASE_URL: 'postgresql://other/x' }).databaseUrl).toBe(URL);
  });

  it('refuses what is not a PostgreSQL URL, naming the flag', () => {
    const read = (): unknown => readServeConfig(['--database', 'mysql://db/x'], KEYS);
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/--database must be a PostgreSQL URL/);
  });

  it.each([
    [{ FLOWGATE_KEK: KEYS.FLOWGATE_KEK }, 'FLOWGATE_ADMIN_KEY'],
    [{ FLOWGATE_ADMIN_KEY: KEYS.FLOWGATE_ADMIN_KEY }, 'FLOWGATE_KEK'],
    [{}, 'FLOWGATE_ADMIN_KEY and FLOWGATE_KEK'],
  ])('needs the keys every replica shares from the environment (%o)', (env, missing) => {
    try {
      readServeConfig(['--database', URL], env);
      expect.unreachable('a replica without shared keys');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).code).toBe('shared_keys_required');
      expect((error as Error).message).toContain(`needs ${missing} set`);
    }
  });

  it('never shows the password of a database URL', () => {
    expect(redactUrl(URL)).toBe('postgres://flowgate:***@db.internal:5432/flowgate');
    expect(redactUrl('postgres://db.internal/flowgate')).toBe('postgres://db.internal/flowgate');
    expect(redactUrl('not a url')).toBe('the given database URL');
  });
});
