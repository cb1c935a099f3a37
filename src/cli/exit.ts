/**
 * The exit codes of DESIGN.md, and the one table that turns a write's outcome into one: what a
 * script can tell apart without reading a message. 130 lives here and nowhere else.
 */
import type { CommandIO } from '../core/io.js';

export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  refused: 3,
  database: 4,
  /** a bug: said as one line, never a stack trace (MANTIS_DEBUG=1 shows it) */
  internal: 70,
  /** Ctrl-C (128 + SIGINT), at a prompt or during a step: nothing is left half done */
  interrupted: 130,
} as const;

export type ExitName = keyof typeof EXIT;

/** Every outcome a write can end in (apply's steps, rollback, restore, maintain), and its exit code. */
export const OUTCOME_EXIT = {
  committed: EXIT.ok,
  'dry-run': EXIT.ok,
  'nothing-to-do': EXIT.ok,
  'rolled-back': EXIT.findings,
  // the export directory cannot be made or filled: a bad --export-dir, found before anything was locked
  'unusable-export': EXIT.usage,
  refused: EXIT.refused,
  failed: EXIT.database,
  interrupted: EXIT.interrupted,
} as const;

export type WriteOutcome = keyof typeof OUTCOME_EXIT;

/** After the result is shown: its audit line could not be written (the log was checked before the write). */
export function auditLogFailed(io: Pick<CommandIO, 'stderr'>, what: string, error: Error): number {
  io.stderr(
    `mantis-sync-tui: the audit log could not be written after ${what} (${error.message}): the outcome above stands, record it by hand\n`,
  );
  return EXIT.usage;
}
