/** The exit codes of DESIGN.md: what a script can tell apart without reading a message. */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  refused: 3,
  database: 4,
} as const;
