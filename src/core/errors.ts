/** A database failure, in one line that names the fix (src/db/errors.ts builds it from what pg and the network throw). */
export type DbFailureKind =
  | 'unreachable'
  | 'timeout'
  | 'auth'
  | 'no-database'
  | 'tls'
  | 'privilege'
  | 'read-only'
  | 'lock-timeout'
  | 'statement-timeout'
  | 'terminated'
  | 'lock-held'
  | 'interrupted'
  | 'unsupported'
  | 'query';

export class DbError extends Error {
  override readonly name = 'DbError';
  constructor(
    readonly kind: DbFailureKind,
    message: string,
    readonly sqlstate: string | null = null,
    readonly hint: string | null = null,
    /** worth retrying: the same request may succeed in a moment (a restart, a compute waking up) */
    readonly transient = false,
    /** a Neon compute (or a server) starting up, rather than a connection lost */
    readonly waking = false,
  ) {
    super(message);
  }
}

/**
 * A write the tool will not make as asked (a pooled endpoint without --allow-pooled): exit 3.
 * Raised where every write session is opened, whichever face asked, so no face can forget it.
 */
export class RefusedError extends Error {
  override readonly name = 'RefusedError';
}

/** A write ran, and its audit line could not be written afterwards (the log was checked before): exit 2. */
export class AuditLogError extends Error {
  override readonly name = 'AuditLogError';
  constructor(
    /** what ran and how it ended, e.g. "prereq-auth-schema committed" */
    readonly what: string,
    cause: Error,
  ) {
    super(`the audit log could not be written after ${what} (${cause.message}): the outcome stands, record it by hand`);
  }
}

/**
 * The person stopped at a prompt (Ctrl-C, Ctrl-D, or a signal while it waited): nothing was asked
 * of the database after it. Exit 130; `message` says what stands (by default nothing changed).
 */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor(message = 'cancelled, nothing changed') {
    super(message);
  }
}
