/**
 * Test certificates made with the openssl CLI: a private CA, and a server certificate for
 * localhost / 127.0.0.1 signed by it, so tests can verify TLS fully (sslmode=verify-full).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CertificateAuthority {
  /** PEM certificate, what clients pass as sslrootcert / ssl.ca. */
  readonly certFile: string;
  readonly keyFile: string;
}

export interface ServerCertificate {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** The Unix user that must own the private key (PostgreSQL refuses a key another user owns). */
export interface FileOwner {
  readonly uid: number;
  readonly gid: number;
}

export function hasOpenssl(): boolean {
  return spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
}

// Our own config, so the certificates do not depend on the system's openssl.cnf.
const OPENSSL_CONFIG = `
[req]
distinguished_name = subject
prompt = no
[subject]
CN = placeholder
[ca_extensions]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server_extensions]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

// P-256 keys: generated in milliseconds, unlike RSA.
const NEW_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function openssl(directory: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: directory, stdio: ['ignore', 'ignore', 'pipe'] });
}

function writeConfig(directory: string): string {
  const file = join(directory, 'openssl.cnf');
  writeFileSync(file, OPENSSL_CONFIG);
  return file;
}

/** A self-signed CA in `directory` (files named `<name>.pem` / `<name>.key`). */
export function makeCertificateAuthority(directory: string, name = 'ca'): CertificateAuthority {
  const config = writeConfig(directory);
  const certFile = join(directory, `${name}.pem`);
  const keyFile = join(directory, `${name}.key`);
  openssl(directory, [
    'req',
    '-x509',
    '-config',
    config,
    '-extensions',
    'ca_extensions',
    ...NEW_KEY,
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    '7',
    '-subj',
    `/CN=mantis-sync-tui test ${name}`,
  ]);
  chmodSync(keyFile, 0o600);
  chmodSync(certFile, 0o644);
  return { certFile, keyFile };
}

/**
 * A CA and a server certificate for CN/SAN localhost and IP 127.0.0.1, in `directory`.
 * The server key is mode 0600 and owned by `keyOwner` when given (the server's user).
 */
export function makeServerCertificate(directory: string, keyOwner?: FileOwner): ServerCertificate {
  const authority = makeCertificateAuthority(directory, 'ca');
  const config = writeConfig(directory);
  const certFile = join(directory, 'server.pem');
  const keyFile = join(directory, 'server.key');
  const requestFile = join(directory, 'server.csr');
  openssl(directory, [
    'req',
    '-new',
    '-config',
    config,
    ...NEW_KEY,
    '-keyout',
    keyFile,
    '-out',
    requestFile,
    '-subj',
    '/CN=localhost',
  ]);
  openssl(directory, [
    'x509',
    '-req',
    '-in',
    requestFile,
    '-CA',
    authority.certFile,
    '-CAkey',
    authority.keyFile,
    '-set_serial',
    `0x${randomBytes(8).toString('hex')}`,
    '-days',
    '7',
    '-extfile',
    config,
    '-extensions',
    'server_extensions',
    '-out',
    certFile,
  ]);
  chmodSync(certFile, 0o644);
  chmodSync(keyFile, 0o600);
  if (keyOwner) chownSync(keyFile, keyOwner.uid, keyOwner.gid);
  return { caFile: authority.certFile, certFile, keyFile };
}
