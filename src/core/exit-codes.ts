/**
 * The exit codes of DESIGN.md, for both faces: what a script can tell apart without reading a
 * message. 130 lives here and nowhere else (the CLI's outcome table is in src/cli/exit.ts).
 */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  refused: 3,
  database: 4,
  /** a bug: said as one line, never a stack trace (MANTIS_DEBUG=1 shows it) */
  internal: 70,
  /** Ctrl-C (128 + SIGINT), at a prompt or during a step, or the app quit during a step: nothing is left half done */
  interrupted: 130,
} as const;
