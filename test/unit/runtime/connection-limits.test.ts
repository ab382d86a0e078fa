import { describe, expect, it } from 'vitest';
import { ConfigError, readServeConfig } from '../../../server/config.js';
import {
  DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_KEEP_ALIVE_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, defaultMaxConnections, MAX_DEFAULT_CONNECTIONS,
  resolveConnectionLimits, runtimeServerOptions,
} from '../../../server/runtime/connection-limits.js';

/** Keys from the environment, so reading the config makes no files. */
const KEYS = { FLOWGATE_ADMIN_KEY: 'a'.repeat(24), FLOWGATE_KEK: 'k'.repeat(24) };

describe('connection limits in the server config', () => {
  it('leaves every limit to its default when nothing is set', () => {
    expect(readServeConfig([], KEYS).connectionLimits).toEqual({});
    expect(resolveConnectionLimits({})).toEqual({
      headersTimeoutMs: DEFAULT_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: defaultMaxConnections(),
    });
  });

  it('reads flags, and variables where no flag is given', () => {
    const config = readServeConfig(
      ['--headers-timeout', '2000', '--max-connections', '50'],
      { ...KEYS, FLOWGATE_HEADERS_TIMEOUT_MS: '9000', FLOWGATE_REQUEST_TIMEOUT_MS: '4000', FLOWGATE_KEEP_ALIVE_TIMEOUT_MS: '1000' },
    );
    expect(config.connectionLimits).toEqual({ headersTimeoutMs: 2000, requestTimeoutMs: 4000, keepAliveTimeoutMs: 1000, maxConnections: 50 });
  });

  it.each([
    [['--max-connections', '0'], /--max-connections must be at least 1/],
    [['--request-timeout', 'soon'], /--request-timeout must be a whole number of milliseconds/],
    [['--keep-alive-timeout=-5'], /--keep-alive-timeout must be a positive number of milliseconds/],
  ])('refuses %j, naming the flag', (args, message) => {
    expect(() => readServeConfig(args, KEYS)).toThrow(expect.objectContaining({ code: 'invalid_flag', message: expect.stringMatching(message) }));
  });

  it('refuses a bad variable, naming it', () => {
    expect(() => readServeConfig([], { ...KEYS, FLOWGATE_MAX_CONNECTIONS: 'many' })).toThrow(ConfigError);
    expect(() => readServeConfig([], { ...KEYS, FLOWGATE_MAX_CONNECTIONS: 'many' })).toThrow(/FLOWGATE_MAX_CONNECTIONS/);
  });

  it('bounds the headers by a shorter request timeout, as node:http requires', () => {
    expect(resolveConnectionLimits({ requestTimeoutMs: 3000 })).toMatchObject({ headersTimeoutMs: 3000, requestTimeoutMs: 3000 });
  });

  it('keeps the default connection cap below the open-files limit', () => {
    expect(defaultMaxConnections()).toBeGreaterThan(0);
    expect(defaultMaxConnections()).toBeLessThanOrEqual(MAX_DEFAULT_CONNECTIONS);
  });

  it('checks the timeouts often enough to keep them close to their setting', () => {
    const options = runtimeServerOptions(resolveConnectionLimits({ headersTimeoutMs: 1000, requestTimeoutMs: 2000 }));
    expect(options).toMatchObject({ headersTimeout: 1000, requestTimeout: 2000, connectionsCheckingInterval: 100 });
    expect(runtimeServerOptions(resolveConnectionLimits()).connectionsCheckingInterval).toBe(1000);
  });
});
