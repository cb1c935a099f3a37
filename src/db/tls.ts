/**
 * sslmode, sslrootcert, sslcert, sslkey and channel_binding with libpq's meaning
 * (https://www.postgresql.org/docs/current/libpq-ssl.html), turned into node-postgres `ssl`
 * options: one per connection attempt, in libpq's order (prefer tries TLS, then plain text).
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import type { ChannelBinding, SslMode } from '../core/connection-url.js';
import { sharedTlsContext, TLS_KEY_SHARE_GROUPS, UNVERIFIED_TLS_AUTHORITIES } from '../startup-fast-path.js';

/** false: plain text; an object: TLS with these options */
export type SslAttempt = false | ConnectionOptions;

export interface TlsPlan {
  readonly sslmode: SslMode;
  readonly attempts: readonly SslAttempt[];
  readonly channelBinding: ChannelBinding;
}

/** libpq's default root certificate file, used when sslrootcert is not given and it exists. */
const defaultRootCert = () => join(homedir(), '.postgresql', 'root.crt');

export function tlsPlan(url: URL): TlsPlan {
  const sslmode = (url.searchParams.get('sslmode') ?? 'prefer') as SslMode;
  const channelBinding = (url.searchParams.get('channel_binding') ?? 'prefer') as ChannelBinding;
  const rootcertParam = url.searchParams.get('sslrootcert');
  // sslrootcert=system: the platform's trusted roots (libpq 16); Node's bundled roots stand in.
  const rootcertFile =
    rootcertParam === 'system' ? null : (rootcertParam ?? (existsSync(defaultRootCert()) ? defaultRootCert() : null));
  const client: ConnectionOptions = {
    ecdhCurve: TLS_KEY_SHARE_GROUPS,
    ...(url.searchParams.get('sslcert') ? { cert: readFileSync(url.searchParams.get('sslcert')!) } : {}),
    ...(url.searchParams.get('sslkey') ? { key: readFileSync(url.searchParams.get('sslkey')!) } : {}),
  };
  const ca = rootcertFile ? { ca: readFileSync(rootcertFile) } : {};
  const encryptOnly: ConnectionOptions = { ...client, ca: [...UNVERIFIED_TLS_AUTHORITIES], rejectUnauthorized: false };
  // verify-ca checks the chain, not the host name.
  const verifyCa: ConnectionOptions = {
    ...client,
    ...ca,
    rejectUnauthorized: true,
    checkServerIdentity: () => undefined,
  };
  const verifyFull: ConnectionOptions = { ...client, ...ca, rejectUnauthorized: true };
  const attempts: Record<SslMode, readonly SslAttempt[]> = {
    disable: [false],
    allow: [false, withSharedContext(encryptOnly)],
    prefer: [withSharedContext(encryptOnly), false],
    // libpq: with a root certificate given, require verifies the chain as verify-ca does.
    require: [withSharedContext(rootcertParam && rootcertParam !== 'system' ? verifyCa : encryptOnly)],
    'verify-ca': [withSharedContext(verifyCa)],
    'verify-full': [withSharedContext(verifyFull)],
  };
  return { sslmode, attempts: attempts[sslmode], channelBinding };
}

/**
 * The options with their TLS context (src/startup-fast-path.ts: one per set of context options),
 * built when a connection first reads it: a key or certificate that does not load is that
 * connection's error, as it is when Node builds the context itself.
 */
function withSharedContext(options: ConnectionOptions): ConnectionOptions {
  let context: ConnectionOptions['secureContext'];
  return Object.defineProperty({ ...options }, 'secureContext', {
    enumerable: true,
    get: () => {
      context ??= sharedTlsContext(options);
      return context;
    },
  });
}
