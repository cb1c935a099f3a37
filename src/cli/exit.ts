/**
 * The one table that turns a write's outcome into an exit code (the codes themselves:
 * src/core/exit-codes.ts, which the app uses too).
 */
import { EXIT } from '../core/exit-codes.js';
import type { CommandIO } from '../core/io.js';

export { EXIT };

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
