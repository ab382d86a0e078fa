import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { parseAddress } from './addresses.js';

/**
 * `flowgate serve --tls-cert FILE --tls-key FILE`: the certificate and key both listeners serve
 * HTTPS with, read and checked once at start so that a wrong file is a config error, not a
 * handshake failure at the first caller.
 */

/** The PEM texts node:https takes, with the files they came from (for messages). */
export type TlsCredentials = { cert: string; key: string; certFile: string; keyFile: string };

export type TlsFileErrorCode = 'tls_file_unreadable' | 'tls_not_a_certificate' | 'tls_not_a_key' | 'tls_key_mismatch';

/** A certificate or key file that can't be served; the message names the file and what would do. */
export class TlsFileError extends Error {
  constructor(
    readonly code: TlsFileErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TlsFileError';
  }
}

/** Reads both files and checks that the first is a PEM certificate and the second its unencrypted private key. */
export function readTlsCredentials(certFile: string, keyFile: string): { credentials: TlsCredentials; warnings: string[] } {
  const certPath = path.resolve(certFile);
  const keyPath = path.resolve(keyFile);
  const cert = readText(certPath, '--tls-cert');
  const key = readText(keyPath, '--tls-key');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    throw new TlsFileError('tls_not_a_certificate', `--tls-cert ${certPath} is not a PEM certificate (it should begin with -----BEGIN CERTIFICATE-----).`);
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    // OpenSSL says only "interrupted or cancelled" when it finds no passphrase; the PEM label says why.
    const encrypted = key.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || /Proc-Type: 4,ENCRYPTED/.test(key);
    throw new TlsFileError(
      'tls_not_a_key',
      encrypted
        ? `--tls-key ${keyPath} is encrypted with a passphrase; give Flowgate an unencrypted copy (openssl pkey -in ${keyFile} -out plain-key.pem) kept readable by this user only.`
        : `--tls-key ${keyPath} is not a PEM private key (it should begin with -----BEGIN PRIVATE KEY----- or -----BEGIN RSA/EC PRIVATE KEY-----).`,
    );
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new TlsFileError('tls_key_mismatch', `--tls-key ${keyPath} is not the private key of the certificate in --tls-cert ${certPath}.`);
  }
  const warnings: string[] = [];
  if (Date.parse(certificate.validTo) < Date.now()) warnings.push(`Warning: the TLS certificate ${certPath} expired on ${certificate.validTo}; clients will refuse it.`);
  return { credentials: { cert, key, certFile: certPath, keyFile: keyPath }, warnings };
}

function readText(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `can't be read (${(error as Error).message})`;
    throw new TlsFileError('tls_file_unreadable', `${flag} ${file} ${reason}.`);
  }
}

/** localhost or a loopback address: reached only from this machine. */
export function isLoopbackHost(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  return parseAddress(host)?.range() === 'loopback';
}

/** True when the request came over TLS (the listener was started with --tls-cert). */
export function isEncrypted(socket: Socket): socket is TLSSocket {
  return (socket as Partial<TLSSocket>).encrypted === true;
}

/**
 * The host names and addresses the listener's own certificate is for (its subjectAltName): a
 * browser reaches the admin API over TLS only under one of these, so they are its own names.
 */
export function ownCertificateNames(socket: TLSSocket): string[] {
  const names = socket.getCertificate();
  return altNamesOf(names && 'subjectaltname' in names ? (names.subjectaltname ?? '') : '');
}

/** The same names, read from the certificate file the listener serves. */
export function certificateNames(pem: string): string[] {
  return altNamesOf(new X509Certificate(pem).subjectAltName ?? '');
}

/** `DNS:a.example, IP Address:10.0.0.1` → ['a.example', '10.0.0.1']. */
function altNamesOf(subjectAltName: string): string[] {
  return subjectAltName
    .split(',')
    .map((entry) => entry.trim())
    .flatMap((entry) => {
      if (entry.startsWith('DNS:')) return [entry.slice('DNS:'.length).toLowerCase()];
      if (entry.startsWith('IP Address:')) return [entry.slice('IP Address:'.length)];
      return [];
    });
}

/** Whether a Host header (`name`, `name:port`, `[v6]:port`) names the certificate at this port; `*.example.com` covers one label. */
export function hostIsCertificateName(hostHeader: string, names: readonly string[], port: number, defaultPort: number): boolean {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(hostHeader.toLowerCase());
  if (!match) return false;
  const hostPort = match[2] === undefined ? defaultPort : Number(match[2]);
  if (hostPort !== port) return false;
  const host = match[1]!.startsWith('[') ? match[1]!.slice(1, -1) : match[1]!;
  const address = parseAddress(host);
  return names.some((name) => {
    if (address) return parseAddress(name)?.toNormalizedString() === address.toNormalizedString();
    if (!name.startsWith('*.')) return name === host;
    const suffix = name.slice(1);
    const label = host.slice(0, host.length - suffix.length);
    return host.endsWith(suffix) && label.length > 0 && !label.includes('.');
  });
}
