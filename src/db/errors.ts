/**
 * Turns what pg and the network throw into one line that names the fix. Branches on SQLSTATE
 * and Node error codes, never on message text, except where pg gives nothing else (TLS refusal,
 * connection timeout).
 */

import type { DatabaseTarget } from '../core/config.js';
import { DbError } from '../core/errors.js';
import { redactSecretsInText } from '../core/redact.js';

interface PgLikeError {
  code?: string;
  message?: string;
  hint?: string;
  errno?: number;
  syscall?: string;
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE', // the server restarting, or not up yet
  '57P01',
  '57P02',
  '57P03', // admin shutdown, crash shutdown, cannot connect now (starting up)
  '53300', // too many connections
  '08000',
  '08001',
  '08003',
  '08006', // connection exceptions
]);
/** What PgBouncer and Neon's proxy say when the server behind them is not there yet, or busy. */
const TRANSIENT_MESSAGES =
  /Connection terminated unexpectedly|is not currently accepting connections|server closed the connection unexpectedly|pgbouncer cannot connect to server|server login has been failing|try again later|no more connections allowed|query_wait_timeout|server conn crashed|couldn't connect to compute|compute .*(?:start|wak)|please retry/i;
/** A server or compute starting: shown as "waking up" rather than "reconnecting". */
const WAKING =
  /starting up|not yet accepting|couldn't connect to compute|compute .*(?:start|wak)|cannot connect to server/i;

/** Errors worth a retry: a compute waking from scale-to-zero or restarting, a connection lost, a full server. */
export function isTransient(error: unknown): boolean {
  if (error instanceof DbError) return error.transient;
  const e = error as PgLikeError | null;
  if (e?.code && TRANSIENT_CODES.has(e.code)) return true;
  // 08P01 is PgBouncer's code for both "pool full" (transient) and "unsupported startup parameter" (permanent).
  return TRANSIENT_MESSAGES.test(String(e?.message ?? ''));
}

function isWaking(error: unknown): boolean {
  const e = error as PgLikeError | null;
  return e?.code === '57P03' || e?.code === 'ECONNREFUSED' || WAKING.test(String(e?.message ?? ''));
}

export function describeDbError(
  error: unknown,
  target: DatabaseTarget,
  connectTimeoutMs: number,
  phase: 'read' | 'write' = 'read',
): DbError {
  if (error instanceof DbError) return error;
  const described = describe(error, target, connectTimeoutMs, phase);
  if (!isTransient(error)) return described;
  return new DbError(described.kind, described.message, described.sqlstate, described.hint, true, isWaking(error));
}

function describe(error: unknown, target: DatabaseTarget, connectTimeoutMs: number, phase: 'read' | 'write'): DbError {
  const e = (error ?? {}) as PgLikeError;
  const where = `${target.label} (${target.host}/${target.database})`;
  const message = redactSecretsInText(String(e.message ?? error));
  switch (e.code) {
    case 'ECONNREFUSED':
      return new DbError(
        'unreachable',
        `${where}: connection refused: is the server running and the port right in ${target.source}?`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DbError(
        'unreachable',
        `${where}: host ${target.host} not found: check the host name in ${target.source}`,
      );
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
      return new DbError(
        'unreachable',
        `${where}: host unreachable: check the network or the host in ${target.source}`,
      );
    case 'ECONNRESET':
      return new DbError(
        'unreachable',
        `${where}: connection reset by the server: retry, or check that the server accepts this client`,
      );
    case '53300':
      return new DbError(
        'unreachable',
        `${where}: too many connections (${message}): retry later, or use the pooled (-pooler) URL for reads`,
        e.code,
      );
    case '08P01':
      if (/unsupported startup parameter/i.test(message)) {
        return new DbError(
          'unsupported',
          `${where}: the pooler refused a startup parameter (${message}): remove options= and other session settings from ${target.source}`,
          e.code,
        );
      }
      break;
    case '28P01':
      return new DbError(
        'auth',
        `${where}: password authentication failed for the user in ${target.source}: fix the password there`,
        e.code,
      );
    case '28000':
      if (/no encryption|SSL off/i.test(message)) {
        return new DbError(
          'tls',
          `${where}: the server requires TLS: add ?sslmode=require to ${target.source}`,
          e.code,
        );
      }
      return new DbError(
        'auth',
        `${where}: the server rejected this user or client (${message}): check the user in ${target.source}`,
        e.code,
      );
    case '3D000':
      return new DbError(
        'no-database',
        `${where}: database "${target.database}" does not exist: fix the database name in ${target.source}`,
        e.code,
      );
    case '42501':
      if (phase === 'write') {
        return new DbError(
          'privilege',
          `${where}: permission denied (${message}): apply as the owner of the 0024 objects (on Neon, the project owner role)`,
          e.code,
          e.hint ?? null,
        );
      }
      return new DbError(
        'privilege',
        `${where}: permission denied reading the catalogs (${message}): connect as the database owner, or GRANT SELECT on the catalogs to this user`,
        e.code,
      );
    case '25006':
      return new DbError(
        'read-only',
        `${where}: the session is read-only (${message}): writes need a confirmed step`,
        e.code,
      );
    case '55P03':
      // A read changes nothing whatever happens: "nothing was changed" is a write's reassurance.
      return new DbError(
        'lock-timeout',
        phase === 'write'
          ? `${where}: lock_timeout: another session holds a lock (${message}); nothing was changed, retry when it is released`
          : `${where}: lock_timeout: another session holds a lock this read needs (${message}): retry when it is released`,
        e.code,
      );
    case '57014':
      return new DbError(
        'statement-timeout',
        `${where}: statement_timeout exceeded; nothing was changed: raise --statement-timeout or retry when the server is less busy`,
        e.code,
      );
    case '57P01':
    case '57P02':
    case '57P03':
      return new DbError(
        'terminated',
        `${where}: the server closed the session (${message}): retry; on Neon the compute may be restarting`,
        e.code,
      );
    default:
      break;
  }
  // pg says only this when the server asks for a password and none was given (SCRAM).
  if (/client password must be a (?:non-empty )?string/i.test(message)) {
    return new DbError(
      'auth',
      `${where}: the server asks for a password and ${target.source} gives none: add it, percent-encoded, after the user name and a ":", or as ?password=`,
    );
  }
  // The server answered PostgreSQL's TLS request with neither yes nor no: not PostgreSQL (a web server, say).
  if (/error establishing an SSL connection/i.test(message)) {
    return new DbError(
      'unreachable',
      `${where}: what answers at ${addressOf(target)} is not a PostgreSQL server (it did not answer PostgreSQL's TLS request): check the host and port in ${target.source}`,
    );
  }
  if (/does not support SSL/i.test(message)) {
    return new DbError(
      'tls',
      `${where}: TLS required but the server refused it: for a local server without TLS use sslmode=prefer or sslmode=disable in ${target.source}`,
    );
  }
  if (/channel binding required/i.test(message)) {
    return new DbError(
      'tls',
      `${where}: ${message}: use channel_binding=prefer in ${target.source}, or the direct (non-pooler) host`,
    );
  }
  if (/Hostname\/IP does not match|altnames/i.test(message)) {
    return new DbError(
      'tls',
      `${where}: TLS certificate is not for host ${target.host} (${message}): use the host name the certificate names, or sslmode=verify-ca in ${target.source}`,
    );
  }
  if (/self[- ]signed|certificate|unable to verify|unable to get local issuer/i.test(message)) {
    return new DbError(
      'tls',
      `${where}: TLS certificate rejected (${message}): give the server's CA with sslrootcert=/path/to/ca.pem in ${target.source}, or sslmode=require to encrypt without verifying`,
    );
  }
  if (/timeout/i.test(message) && /connect/i.test(message)) {
    return new DbError(
      'timeout',
      `${where}: no answer within ${Math.round(connectTimeoutMs / 1000)} s: check the host and firewall, or raise --connect-timeout (a Neon compute waking up can take a few seconds)`,
    );
  }
  if (/Connection terminated/i.test(message)) {
    return new DbError(
      'terminated',
      `${where}: the connection was closed (${message}): retry; if it closes at once every time, check that ${addressOf(target)} is a PostgreSQL server`,
    );
  }
  return new DbError(
    'query',
    `${where}: ${message}${e.code ? ` (SQLSTATE ${e.code})` : ''}`,
    e.code ?? null,
    e.hint ?? null,
  );
}

/** host:port as the URL gives them (5432 when it names no port), for messages. */
function addressOf(target: DatabaseTarget): string {
  try {
    return `${target.host}:${new URL(target.url).port || '5432'}`;
  } catch {
    return target.host;
  }
}
