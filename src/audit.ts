/**
 * The audit log: JSON lines appended under $XDG_STATE_HOME/mantis-sync-tui/audit.jsonl
 * (~/.local/state/… by default) or --audit-log, owner-only (0600). Every attempt to change a
 * database (dry runs included) is two lines sharing an `attempt` id: its intent (`outcome:
 * "started"`, with what will change), written and synced before the transaction begins, and its
 * outcome once the transaction has ended. A `started` line with no outcome is a write that began
 * and was never confirmed (the process was killed, the machine lost): look at the database.
 * URLs in it are redacted.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { homedir, hostname, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError } from './core/config.js';
import { PathRefused, preparePath } from './core/paths.js';
import { redactSecretsInText } from './core/redact.js';

type Env = Readonly<Record<string, string | undefined>>;
interface AuditTarget {
  readonly redactedUrl: string;
  readonly label: string;
}
interface LogIO {
  readonly env: Env;
  readonly now: () => Date;
}

export interface AuditEntry {
  readonly time: string;
  readonly operator: string;
  readonly database: string;
  readonly label: string;
  /** shared by an attempt's intent and its outcome */
  readonly attempt: string;
  readonly step: string;
  readonly sqlSha256: string;
  readonly mode: 'dry-run' | 'apply';
  /** "started" on the intent line; how it ended on the outcome line */
  readonly outcome: string;
  readonly durationMs?: number;
  readonly error?: string;
  /** intent: what the write will change, in words */
  readonly changes?: string;
  /** intent: the tables it locks, changes or exports */
  readonly tables?: readonly string[];
  readonly exportDirectory?: string;
  /** intent: the process that writes (to tell whether a `started` write may still be running) */
  readonly pid?: number;
}

function auditLogPath(env: Env, override?: string): string {
  if (override) return resolve(override);
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return resolve(state, 'mantis-sync-tui', 'audit.jsonl');
}

function operator(env: Env): string {
  let user = env.USER ?? env.LOGNAME ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (some containers): keep the env's name
  }
  return `${user}@${hostname()}`;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const APPEND = fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY;

/**
 * The log opened for appending once its path is proven (a regular file on a filesystem for files,
 * its directories made one at a time). A new log is made 0600 whatever the umask. O_NONBLOCK: a
 * FIFO swapped in after the check fails at once instead of waiting for a reader.
 */
function openLog(path: string): number {
  preparePath(path, 'file', fs);
  let fd: number;
  let created = true;
  try {
    fd = fs.openSync(path, APPEND | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    created = false;
    fd = fs.openSync(path, APPEND);
  }
  try {
    if (!fs.fstatSync(fd).isFile()) throw new PathRefused(path, `${path} is not a regular file`);
    if (created) fs.fchmodSync(fd, 0o600);
    return fd;
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}

/**
 * One line, whole, on disk (fsync) before this returns: a kill a moment later cannot take it back.
 * A line cut short (the disk full mid-line) is taken back, unless another writer appended since.
 */
function appendAudit(path: string, entry: AuditEntry): void {
  const fd = openLog(path);
  try {
    const bytes = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
    const before = fs.fstatSync(fd).size;
    let written = 0;
    try {
      while (written < bytes.length) written += fs.writeSync(fd, bytes, written);
      fs.fsyncSync(fd);
    } catch (error) {
      if (written > 0 && written < bytes.length && fs.fstatSync(fd).size === before + written)
        fs.ftruncateSync(fd, before);
      throw error;
    }
  } finally {
    fs.closeSync(fd);
  }
}

const reasonOf = (error: unknown) =>
  error instanceof PathRefused
    ? error.reason
    : ((error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error)));

export interface Attempt {
  readonly step: string;
  /** what ran (hashed into the log, never written out) */
  readonly sql: string;
  readonly mode: 'dry-run' | 'apply';
  readonly outcome: string;
  readonly durationMs: number;
  readonly error?: string | null | undefined;
}

/** One outcome line on its own, under the default path or the operator's --audit-log. Throws when it cannot be written. */
export function recordAttempt(io: LogIO, logOverride: string | undefined, target: AuditTarget, attempt: Attempt): void {
  appendAudit(auditLogPath(io.env, logOverride), {
    ...common(io, target, randomUUID(), attempt),
    outcome: attempt.outcome,
    durationMs: attempt.durationMs,
    ...errorOf(attempt.error),
  });
}

function common(
  io: LogIO,
  target: AuditTarget,
  attempt: string,
  what: { readonly step: string; readonly sql: string; readonly mode: 'dry-run' | 'apply' },
) {
  return {
    time: io.now().toISOString(),
    operator: operator(io.env),
    database: target.redactedUrl,
    label: target.label,
    attempt,
    step: what.step,
    sqlSha256: sha256(what.sql),
    mode: what.mode,
  };
}

// An error's text can quote a connection string: redacted like every URL here.
const errorOf = (error: string | null | undefined) => (error ? { error: redactSecretsInText(error) } : {});

/** What a write is about to do, written before its transaction begins. */
export interface Intent {
  readonly step: string;
  /** what will run (hashed into the log, never written out) */
  readonly sql: string;
  readonly mode: 'dry-run' | 'apply';
  /** what the write will change, in words */
  readonly changes: string;
  /** the tables it locks, changes or exports */
  readonly tables: readonly string[];
  readonly exportDirectory?: string | null | undefined;
}

export interface AuditedAttempt {
  /** The outcome line. A log that cannot take it is returned, not thrown: the outcome still reaches the person. */
  finish(outcome: {
    readonly outcome: string;
    readonly durationMs: number;
    readonly error?: string | null | undefined;
  }): Error | null;
}

/**
 * Writes the intent line (`started`) and returns the attempt to finish. A log that cannot take it
 * refuses the write before anything happens: ConfigError (exit 2), `unchanged` saying what was not
 * done ("nothing was changed" by default).
 */
export function beginAttempt(
  io: LogIO,
  logOverride: string | undefined,
  target: AuditTarget,
  intent: Intent,
  unchanged = 'nothing was changed',
): AuditedAttempt {
  const path = auditLogPath(io.env, logOverride);
  const id = randomUUID();
  try {
    appendAudit(path, {
      ...common(io, target, id, intent),
      outcome: 'started',
      changes: intent.changes,
      tables: intent.tables,
      ...(intent.exportDirectory ? { exportDirectory: resolve(intent.exportDirectory) } : {}),
      pid: process.pid,
    });
  } catch (error) {
    throw new ConfigError(refusalOf(path, error, logOverride, unchanged));
  }
  return {
    finish(outcome) {
      try {
        appendAudit(path, {
          ...common(io, target, id, intent),
          outcome: outcome.outcome,
          durationMs: outcome.durationMs,
          ...errorOf(outcome.error),
        });
        return null;
      } catch (error) {
        return new Error(reasonOf(error));
      }
    },
  };
}

function refusalOf(path: string, error: unknown, logOverride: string | undefined, unchanged: string): string {
  const fix = logOverride ? 'pass a --audit-log file that can be written' : 'pass --audit-log FILE';
  return `refused: the audit log ${path} cannot be written (${reasonOf(error)}): ${fix}; ${unchanged}`;
}

/**
 * Why the audit log cannot take a line (a path that is not a regular file on a filesystem for
 * files, a directory that cannot be made, a file that cannot be opened for appending), or null:
 * asked before anyone is asked to confirm. The intent line itself is the final proof.
 */
export function auditLogRefusal(io: { readonly env: Env }, logOverride: string | undefined): string | null {
  const path = auditLogPath(io.env, logOverride);
  try {
    fs.closeSync(openLog(path));
    return null;
  } catch (error) {
    return refusalOf(path, error, logOverride, 'nothing was changed');
  }
}

/** auditLogRefusal as an error (exit 2): the use-cases call it before they open a write session. */
export function refuseWithoutAuditLog(io: { readonly env: Env }, logOverride: string | undefined): void {
  const refusal = auditLogRefusal(io, logOverride);
  if (refusal) throw new ConfigError(refusal);
}
