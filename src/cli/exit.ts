/** The exit codes of DESIGN.md: what a script can tell apart without reading a message. */
import type { CommandIO } from '../core/io.js';
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  refused: 3,
  database: 4,
} as const;

/** After the result is shown: its audit line could not be written (the log was checked before the write). */
export function auditLogFailed(io: Pick<CommandIO, 'stderr'>, what: string, error: Error): number {
  io.stderr(
    `mantis-sync-tui: the audit log could not be written after ${what} (${error.message}): the outcome above stands, record it by hand\n`,
  );
  return EXIT.usage;
}
