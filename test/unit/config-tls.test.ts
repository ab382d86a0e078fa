import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, readServeConfig } from '../../server/config.js';
import { hostIsCertificateName, isLoopbackHost } from '../../server/net/tls.js';
import { CERTIFICATE_LIFETIME_MS, makeCertificate, type TestCertificate } from '../integration/tls-certificate.js';
import { makeTempDir, removeTempDir } from '../support/temp.js';

/** Keys from the environment, so reading the config makes no files. */
const KEYS = { FLOWGATE_ADMIN_KEY: 'a'.repeat(24), FLOWGATE_KEK: 'k'.repeat(24) };
const HTTPS_PORT = 443;
const DAY_MS = 24 * 60 * 60 * 1000;

let dir: string;
let certificate: TestCertificate;
let other: TestCertificate;

beforeAll(() => {
  dir = makeTempDir();
  certificate = makeCertificate(dir);
  other = makeCertificate(dir, 'other');
});
afterAll(() => removeTempDir(dir));

function refusal(args: string[], env: Record<string, string> = {}): ConfigError {
  try {
    readServeConfig(args, { ...KEYS, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`readServeConfig took ${args.join(' ')}`);
}

describe('flowgate serve --tls-cert --tls-key', () => {
  it('reads both PEM files from flags, or from FLOWGATE_TLS_CERT / FLOWGATE_TLS_KEY', () => {
    const fromFlags = readServeConfig(['--tls-cert', certificate.certFile, '--tls-key', certificate.keyFile], KEYS);
    expect(fromFlags.tls).toMatchObject({ cert: certificate.cert, key: certificate.key, certFile: certificate.certFile });
    const fromEnv = readServeConfig([], { ...KEYS, FLOWGATE_TLS_CERT: certificate.certFile, FLOWGATE_TLS_KEY: certificate.keyFile });
    expect(fromEnv.tls?.keyFile).toBe(certificate.keyFile);
    expect(readServeConfig([], KEYS).tls).toBeUndefined();
  });

  it('refuses a certificate without its key, and a key without its certificate', () => {
    expect(refusal(['--tls-cert', certificate.certFile])).toMatchObject({ code: 'invalid_tls', message: expect.stringContaining('add --tls-key') });
    expect(refusal([], { FLOWGATE_TLS_KEY: certificate.keyFile })).toMatchObject({ code: 'invalid_tls', message: expect.stringContaining('add --tls-cert') });
  });

  it('names a file that is missing, is not a certificate, or is not a key', () => {
    const missing = path.join(dir, 'nowhere.pem');
    expect(refusal(['--tls-cert', missing, '--tls-key', certificate.keyFile]).message).toBe(`flowgate serve: --tls-cert ${missing} does not exist.`);
    expect(refusal(['--tls-cert', certificate.keyFile, '--tls-key', certificate.keyFile])).toMatchObject({
      code: 'invalid_tls',
      message: expect.stringContaining(`--tls-cert ${certificate.keyFile} is not a PEM certificate`),
    });
    expect(refusal(['--tls-cert', certificate.certFile, '--tls-key', certificate.certFile]).message).toContain(`--tls-key ${certificate.certFile} is not a PEM private key`);
  });

  it('refuses a key that is not the certificate’s own', () => {
    expect(refusal(['--tls-cert', certificate.certFile, '--tls-key', other.keyFile]).message).toBe(
      `flowgate serve: --tls-key ${other.keyFile} is not the private key of the certificate in --tls-cert ${certificate.certFile}.`,
    );
  });

  it('asks for an unencrypted copy of a key sealed with a passphrase', () => {
    const sealed = path.join(dir, 'sealed-key.pem');
    execFileSync('openssl', ['pkey', '-in', certificate.keyFile, '-aes256', '-passout', 'pass:secret-passphrase', '-out', sealed], { stdio: 'pipe' });
    expect(refusal(['--tls-cert', certificate.certFile, '--tls-key', sealed]).message).toContain('is encrypted with a passphrase');
  });

  it('refuses a file it cannot read as text', () => {
    const folder = path.join(dir, 'a-folder.pem');
    execFileSync('mkdir', ['-p', folder]);
    expect(refusal(['--tls-cert', folder, '--tls-key', certificate.keyFile]).message).toMatch(/--tls-cert .*a-folder\.pem can't be read/);
  });

  it('warns of an expired certificate but serves it', () => {
    vi.useFakeTimers({ now: Date.now() + CERTIFICATE_LIFETIME_MS + DAY_MS, toFake: ['Date'] });
    try {
      const config = readServeConfig(['--tls-cert', certificate.certFile, '--tls-key', certificate.keyFile], KEYS);
      expect(config.tls).toBeDefined();
      expect(config.warnings.join('\n')).toContain(`Warning: the TLS certificate ${certificate.certFile} expired on`);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('flowgate serve --admin-host', () => {
  it('keeps the admin listener on 127.0.0.1 by default', () => {
    expect(readServeConfig([], KEYS).adminHost).toBe('127.0.0.1');
  });

  it.each(['127.0.0.1', '127.0.0.2', 'localhost', '::1'])('takes the loopback host %s without TLS', (host) => {
    expect(readServeConfig(['--admin-host', host], KEYS).adminHost).toBe(host);
  });

  it.each(['0.0.0.0', '::', '192.168.1.20', 'admin.example.com'])('refuses %s without TLS, with a plain message (exit 2)', (host) => {
    const error = refusal(['--admin-host', host]);
    expect(error.code).toBe('admin_host_needs_tls');
    expect(error.message).toContain(`--admin-host ${host} is reachable from other machines`);
    expect(error.message).toContain('add --tls-cert FILE --tls-key FILE');
  });

  it('takes any host with TLS', () => {
    const config = readServeConfig(['--admin-host', '0.0.0.0', '--tls-cert', certificate.certFile, '--tls-key', certificate.keyFile], KEYS);
    expect(config.adminHost).toBe('0.0.0.0');
  });

  it('checks the TLS files before making any key file beside the workspace', () => {
    const dbFile = path.join(dir, 'untouched.db');
    expect(() => readServeConfig(['--db', dbFile, '--tls-cert', certificate.certFile], {})).toThrow(ConfigError);
    expect(() => execFileSync('test', ['-e', `${dbFile}.admin-key`])).toThrow();
  });
});

describe('the names an admin listener over TLS answers to', () => {
  const names = ['localhost', 'admin.example.com', '*.flowgate.example', '127.0.0.1', '::1'];

  it.each([
    ['admin.example.com:4300', true],
    ['ADMIN.example.com:4300', true],
    ['admin.example.com:4301', false],
    ['admin.example.com', false],
    ['eu.flowgate.example:4300', true],
    ['a.eu.flowgate.example:4300', false],
    ['flowgate.example:4300', false],
    ['[::1]:4300', true],
    ['[0:0:0:0:0:0:0:1]:4300', true],
    ['127.0.0.1:4300', true],
    ['evil.example:4300', false],
    ['admin.example.com:4300/x', false],
    ['a/b.flowgate.example:4300', false],
  ])('%s at port 4300 → %s', (host, allowed) => {
    expect(hostIsCertificateName(host, names, 4300, HTTPS_PORT)).toBe(allowed);
  });

  it('takes a host without a port at 443', () => {
    expect(hostIsCertificateName('admin.example.com', names, HTTPS_PORT, HTTPS_PORT)).toBe(true);
  });

  it('tells loopback from the rest', () => {
    expect(['localhost', '127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'].map(isLoopbackHost)).toEqual([true, true, true, true, true]);
    expect(['0.0.0.0', '::', '10.0.0.1', 'example.com', 'localhost.example.com'].map(isLoopbackHost)).toEqual([false, false, false, false, false]);
  });
});

// Keeps the helper's write API in use for a file that is text but not PEM.
describe('a text file that is not PEM', () => {
  it('is not a certificate', () => {
    const text = path.join(dir, 'notes.pem');
    writeFileSync(text, 'hello\n');
    expect(refusal(['--tls-cert', text, '--tls-key', certificate.keyFile]).code).toBe('invalid_tls');
  });
});
