/**
 * The audit log: one JSON line per attempt to change a database (dry runs included), appended
 * under $XDG_STATE_HOME/mantis-sync-tui/audit.jsonl (~/.local/state/… by default) or --audit-log.
 * URLs in it are redacted.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { homedir, hostname, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError } from './core/config.js';
import { redactSecretsInText } from './core/redact.js';

export interface AuditEntry {
  readonly time: string;
  readonly operator: string;
  readonly database: string;
  readonly label: string;
  readonly step: string;
  readonly sqlSha256: string;
  readonly mode: 'dry-run' | 'apply';
  readonly outcome: string;
  readonly durationMs: number;
  readonly error?: string;
}

function auditLogPath(env: Readonly<Record<string, string | undefined>>, override?: string): string {
  if (override) return override;
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(state, 'mantis-sync-tui', 'audit.jsonl');
}

function operator(env: Readonly<Record<string, string | undefined>>): string {
  let user = env.USER ?? env.LOGNAME ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (some containers): keep the env's name
  }
  return `${user}@${hostname()}`;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The log's directory, made when missing (never mkdir -p where it exists: Node spins on /proc). */
function makeDirectoryOf(path: string): void {
  if (!existsSync(dirname(path))) mkdirSync(dirname(path), { recursive: true });
}

function appendAudit(path: string, entry: AuditEntry): void {
  makeDirectoryOf(path);
  appendFileSync(path, `${JSON.stringify(entry)}\n`);
}

export interface Attempt {
  readonly step: string;
  /** what ran (hashed into the log, never written out) */
  readonly sql: string;
  readonly mode: 'dry-run' | 'apply';
  readonly outcome: string;
  readonly durationMs: number;
  readonly error?: string | null | undefined;
}

/** One line for one attempt on one database, under the default path or the operator's --audit-log. */
export function recordAttempt(
  io: { readonly env: Readonly<Record<string, string | undefined>>; readonly now: () => Date },
  logOverride: string | undefined,
  target: { readonly redactedUrl: string; readonly label: string },
  attempt: Attempt,
): void {
  appendAudit(auditLogPath(io.env, logOverride), {
    time: io.now().toISOString(),
    operator: operator(io.env),
    database: target.redactedUrl,
    label: target.label,
    step: attempt.step,
    sqlSha256: sha256(attempt.sql),
    mode: attempt.mode,
    outcome: attempt.outcome,
    durationMs: attempt.durationMs,
    // An error's text can quote a connection string: redacted like every URL here.
    ...(attempt.error ? { error: redactSecretsInText(attempt.error) } : {}),
  });
}

/**
 * recordAttempt for a write that has ended: a log that cannot be written is returned, not thrown,
 * so the write's outcome still reaches the person (the CLI then stops with it, the app says it).
 */
export function auditAttempt(
  io: { readonly env: Readonly<Record<string, string | undefined>>; readonly now: () => Date },
  logOverride: string | undefined,
  target: { readonly redactedUrl: string; readonly label: string },
  attempt: Attempt,
): Error | null {
  try {
    recordAttempt(io, logOverride, target, attempt);
    return null;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Why the audit log cannot take a line (a directory that cannot be made, a file that cannot be
 * opened for appending), or null: asked before a write, so no write happens that cannot be recorded.
 */
export function auditLogRefusal(
  io: { readonly env: Readonly<Record<string, string | undefined>> },
  logOverride: string | undefined,
): string | null {
  const path = auditLogPath(io.env, logOverride);
  try {
    makeDirectoryOf(path);
    closeSync(openSync(path, 'a'));
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const fix = logOverride ? 'pass a --audit-log file that can be written' : 'pass --audit-log FILE';
    return `refused: the audit log ${path} cannot be written (${reason}): ${fix}; nothing was changed`;
  }
}

/** auditLogRefusal as an error (exit 2): the use-cases call it before they open a write session. */
export function refuseWithoutAuditLog(
  io: { readonly env: Readonly<Record<string, string | undefined>> },
  logOverride: string | undefined,
): void {
  const refusal = auditLogRefusal(io, logOverride);
  if (refusal) throw new ConfigError(refusal);
}
