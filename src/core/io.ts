/** What a face may touch of the outside world; the CLI passes the real one, tests their own. */
export interface CommandIO {
  readonly stdout: (text: string) => void;
  /** resolves once stdout has taken what was written (a pipe whose reader is slower holds it meanwhile) */
  readonly stdoutDrained?: () => Promise<void>;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTTY: boolean;
  readonly stdinIsTTY: boolean;
  readonly now: () => Date;
  /** the terminal's size, when stdout is one that says it */
  readonly terminalSize?: () => { readonly columns: number; readonly rows: number } | undefined;
}

/** What a use-case that writes needs of the world: the audit log's place and operator, and the time. */
export type AuditIO = Pick<CommandIO, 'env' | 'now'>;

/** "2026-11-21T233045": for names of export directories (to the second, so two never collide in a minute). */
export const fileStamp = (date: Date): string => date.toISOString().replace(/[:.]/g, '').slice(0, 17);

/**
 * A database name as part of a default export directory's name. The name comes from the server, not
 * from the person, so "flt_t/../../../escaped" must not choose where files go: letters, digits, _ and -
 * stay, every run of anything else (/ \ . spaces, control characters) becomes one _.
 */
export const safePathComponent = (name: string): string => name.replace(/[^\p{L}\p{N}_-]+/gu, '_') || '_';
