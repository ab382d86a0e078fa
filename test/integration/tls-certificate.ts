import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A self-signed certificate (and its key) made with the openssl CLI, for tests that serve HTTPS. */
export type TestCertificate = { certFile: string; keyFile: string; cert: string; key: string };

/** The names the test certificate is for: loopback, and a name the tests send as Host to stand for a server's public name. */
export const CERTIFICATE_NAMES = ['localhost', 'admin.flowgate.test'] as const;
const VALID_DAYS = 2;
/** How long a test certificate is valid from when it is made. */
export const CERTIFICATE_LIFETIME_MS = VALID_DAYS * 24 * 60 * 60 * 1000;

/** node:crypto can't issue X.509 certificates; the openssl CLI (on Debian by default) does, with an EC P-256 key. */
export function makeCertificate(dir: string, name = 'server'): TestCertificate {
  const certFile = path.join(dir, `${name}-cert.pem`);
  const keyFile = path.join(dir, `${name}-key.pem`);
  const altNames = [...CERTIFICATE_NAMES.map((host) => `DNS:${host}`), 'IP:127.0.0.1', 'IP:::1'].join(',');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', String(VALID_DAYS),
    '-subj', '/CN=localhost', '-addext', `subjectAltName=${altNames}`,
  ], { stdio: 'pipe' });
  return { certFile, keyFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}
