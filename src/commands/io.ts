/** What a command may touch of the outside world; the CLI passes the real one, tests their own. */
export interface CommandIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTTY: boolean;
  readonly stdinIsTTY: boolean;
  readonly now: () => Date;
}

export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  refused: 3,
  database: 4,
} as const;
