/**
 * A real terminal for end-to-end tests and benchmarks: a program runs in a pseudo-terminal
 * (@lydell/node-pty) and everything it writes is fed into a headless xterm.js, whose screen is
 * what a person would see. Also keeps the raw bytes, to assert on escape sequences and count
 * what crosses the wire.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { ROOT } from './databases.js';

const { Terminal } = xterm;

export const BIN = join(ROOT, 'bin', 'mantis-sync-tui.js');
/** Synchronized output (DEC mode 2026), around every frame Ink draws on a terminal. */
const BEGIN_FRAME = '\u001b[?2026h';
const END_FRAME = '\u001b[?2026l';

export interface PtyOptions {
  readonly cols?: number;
  readonly rows?: number;
  /** the whole environment of the child: nothing is inherited (in particular not CI, which turns Ink's live rendering off) */
  readonly env?: Record<string, string>;
  readonly cwd?: string;
}

export interface Exit {
  readonly exitCode: number;
  readonly signal: number | undefined;
}

export interface PtySession {
  /** the raw output so far */
  readonly output: () => string;
  /** bytes written by the program so far */
  readonly bytes: () => number;
  /** the visible screen, one string per row, trailing spaces removed */
  readonly lines: () => string[];
  readonly screen: () => string;
  /** whether the alternate screen buffer is active */
  readonly alternate: () => boolean;
  /** the background of a cell of the visible screen: its palette index (1 is red), or null for the default */
  readonly backgroundAt: (row: number, column: number) => number | null;
  readonly write: (data: string) => void;
  readonly resize: (cols: number, rows: number) => void;
  /** resolves with the screen once `pattern` is on it */
  readonly waitFor: (pattern: string | RegExp, timeoutMs?: number) => Promise<string>;
  /** resolves once the screen has not changed for `quietMs` */
  readonly settle: (quietMs?: number, timeoutMs?: number) => Promise<string>;
  readonly exited: (timeoutMs?: number) => Promise<Exit>;
  readonly kill: () => void;
  /** performance.now() at spawn, and when `pattern` first appeared (see waitFor) */
  readonly startedAt: number;
  readonly pid: number;
}

/** The environment a person's terminal would give: no CI, a TERM, a UTF-8 locale; a deprecated call fails the app. */
export function terminalEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    NODE_OPTIONS: '--throw-deprecation',
    ...extra,
  };
}

export function spawnPty(file: string, args: readonly string[], options: PtyOptions = {}): PtySession {
  const cols = options.cols ?? 80;
  const rows = options.rows ?? 24;
  const term = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 1000 });
  const child = pty.spawn(file, [...args], {
    name: options.env?.TERM ?? 'xterm-256color',
    cols,
    rows,
    cwd: options.cwd ?? ROOT,
    env: options.env ?? terminalEnv(),
  });
  const startedAt = performance.now();
  let raw = '';
  let byteCount = 0;
  let pending = 0;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  child.onData((data) => {
    raw += data;
    byteCount += Buffer.byteLength(data, 'utf8');
    pending++;
    term.write(data, () => {
      pending--;
      notify();
    });
  });
  let exit: Exit | null = null;
  const exitWaiters: Array<(e: Exit) => void> = [];
  child.onExit(({ exitCode, signal }) => {
    exit = { exitCode, signal };
    // Let xterm finish parsing what arrived before the exit.
    const done = () => {
      for (const waiter of exitWaiters.splice(0)) waiter(exit!);
      notify();
    };
    if (pending === 0) done();
    else term.write('', done);
  });

  const lines = () => {
    const buffer = term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < term.rows; y++) out.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
    return out;
  };
  const screen = () => lines().join('\n');

  // Ink opens each frame with "begin synchronized update" and closes it with "end": a frame that
  // arrives in several reads is not read half-drawn (the lines of the screen before, under the new ones).
  const midFrame = () => raw.lastIndexOf(BEGIN_FRAME) > raw.lastIndexOf(END_FRAME);
  const waitFor = (pattern: string | RegExp, timeoutMs = 15_000) =>
    new Promise<string>((resolve, reject) => {
      const test = () =>
        !midFrame() && (typeof pattern === 'string' ? screen().includes(pattern) : pattern.test(screen()));
      if (pending === 0 && test()) return resolve(screen());
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${String(pattern)} on the screen:\n${screen()}\n--- exit: ${JSON.stringify(exit)}`,
          ),
        );
      }, timeoutMs);
      const check = () => {
        if (pending > 0 || !test()) return;
        clearTimeout(timer);
        listeners.delete(check);
        resolve(screen());
      };
      listeners.add(check);
    });

  const settle = (quietMs = 300, timeoutMs = 10_000) =>
    new Promise<string>((resolve, reject) => {
      let quiet: NodeJS.Timeout;
      const deadline = setTimeout(() => {
        listeners.delete(reset);
        clearTimeout(quiet);
        reject(new Error(`the screen kept changing for ${timeoutMs} ms`));
      }, timeoutMs);
      const reset = () => {
        clearTimeout(quiet);
        quiet = setTimeout(() => {
          listeners.delete(reset);
          clearTimeout(deadline);
          resolve(screen());
        }, quietMs);
      };
      listeners.add(reset);
      reset();
    });

  const exited = (timeoutMs = 10_000) =>
    new Promise<Exit>((resolve, reject) => {
      if (exit && pending === 0) return resolve(exit);
      const timer = setTimeout(
        () => reject(new Error(`the program did not exit within ${timeoutMs} ms; screen:\n${screen()}`)),
        timeoutMs,
      );
      exitWaiters.push((e) => {
        clearTimeout(timer);
        resolve(e);
      });
    });

  return {
    output: () => raw,
    bytes: () => byteCount,
    lines,
    screen,
    alternate: () => term.buffer.active.type === 'alternate',
    backgroundAt: (row, column) => {
      const buffer = term.buffer.active;
      const cell = buffer.getLine(buffer.viewportY + row)?.getCell(column);
      return cell && !cell.isBgDefault() ? cell.getBgColor() : null;
    },
    write: (data) => child.write(data),
    resize: (c, r) => {
      term.resize(c, r);
      child.resize(c, r);
    },
    waitFor,
    settle,
    exited,
    kill: () => {
      if (!exit) child.kill('SIGKILL');
      term.dispose();
    },
    startedAt,
    pid: child.pid,
  };
}

/** The built binary in a terminal, as a person starts it: `mantis-sync-tui` with no command. */
export function spawnApp(env: Record<string, string>, options: Omit<PtyOptions, 'env'> = {}): PtySession {
  if (!existsSync(join(ROOT, 'dist', 'cli.js')))
    throw new Error('dist/cli.js is missing: run `npm run build` (npm test does)');
  return spawnPty(process.execPath, [BIN], { ...options, env: terminalEnv(env) });
}

export const SEQUENCES = {
  showCursor: '\u001b[?25h',
  hideCursor: '\u001b[?25l',
  enterAlternate: '\u001b[?1049h',
  leaveAlternate: '\u001b[?1049l',
} as const;

/** Whether the last cursor-visibility sequence in `output` shows the cursor. */
export function cursorShownAtEnd(output: string): boolean {
  return output.lastIndexOf(SEQUENCES.showCursor) > output.lastIndexOf(SEQUENCES.hideCursor);
}

/**
 * A shell command line that runs `command`, then reports how the terminal was left: the exit
 * code, and whether the tty is back in cooked mode (icanon and echo on) or still raw.
 */
export function reportingTerminalState(command: string): string {
  return [
    command,
    'code=$?',
    "if stty -a | grep -Eq -- '(^|[ ;])-(icanon|echo)([ ;]|$)'; then tty=raw; else tty=cooked; fi",
    `printf '\\nEXIT=%s TTY=%s\\n' "$code" "$tty"`,
    'exit $code',
  ].join('; ');
}

/** The escape sequences that set a colour (foreground, background, 256 and true colour). */
export const COLOUR_SEQUENCE = /\u001b\[(?:\d+;)*(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;\d+)*m/;
