/**
 * What reaches the terminal. Ink renders whole frames; this layer sends only the lines that
 * changed, each to its absolute row on the alternate screen. Over SSH every byte is latency: a
 * key that moves the selection rewrites two lines, not twenty-three.
 *
 * Why not Ink 6.8's `incrementalRendering`: for a frame shorter than the terminal (ours is one
 * line shorter, so Ink does not clear the screen on every update) it moves the cursor up one
 * row too few and draws every update one row low; and after a resize it keeps diffing against
 * rows the terminal has already moved. Drawing at absolute rows on the alternate screen has
 * neither problem, and a resize simply repaints everything once.
 */

export const ESC = '\u001b';
export const SEQUENCES = {
  enterAlternateScreen: `${ESC}[?1049h`,
  leaveAlternateScreen: `${ESC}[?1049l`,
  showCursor: `${ESC}[?25h`,
  hideCursor: `${ESC}[?25l`,
  home: `${ESC}[H`,
  eraseLineEnd: `${ESC}[K`,
  eraseBelow: `${ESC}[J`,
  reset: `${ESC}[0m`,
} as const;

const TOKEN = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-_]|[\s\S]/gu;

/** Cuts a line with escape sequences in it to `columns` visible columns; also returns its visible width. */
export function clipLine(line: string, columns: number): { readonly text: string; readonly width: number } {
  let width = 0;
  let text = '';
  let cut = false;
  let styled = false;
  for (const [token] of line.matchAll(TOKEN)) {
    if (token.startsWith(ESC)) {
      text += token;
      if (token.endsWith('m')) styled = true;
      continue;
    }
    if (token === '\r') continue;
    if (width >= columns) {
      cut = true;
      continue;
    }
    text += token;
    width++;
  }
  return { text: cut && styled ? text + SEQUENCES.reset : text, width };
}

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/**
 * Remembers what the screen shows and turns each new frame into the bytes that change it. The
 * frame never uses the last row (a line feed there would scroll the screen) nor more columns
 * than the terminal has (an autowrap would shift every row below).
 */
export class ScreenDiff {
  private shown: string[] | null = null;
  private widths: number[] = [];
  /** The last frame's lines as Ink wrote them, clipped: most lines of a frame are the last one's. */
  private clips = new Map<string, ReturnType<typeof clipLine>>();
  private clipsColumns = 0;

  constructor(private readonly size: () => TerminalSize) {}

  /** The screen's content is unknown (resized, cleared): the next frame is drawn whole. */
  invalidate(): void {
    this.shown = null;
  }

  /** `frame`: Ink's output, lines separated by \n (a trailing \n is ignored). */
  update(frame: string): string {
    const { columns, rows } = this.size();
    const raw = frame.split('\n');
    if (raw.at(-1) === '') raw.pop();
    const width = Math.max(1, columns);
    const last = this.clipsColumns === width ? this.clips : new Map<string, ReturnType<typeof clipLine>>();
    this.clips = new Map();
    this.clipsColumns = width;
    const clipped = raw.slice(0, Math.max(1, rows - 1)).map((line) => {
      const clip = last.get(line) ?? clipLine(line, width);
      this.clips.set(line, clip);
      return clip;
    });
    const lines = clipped.map((c) => c.text);
    const widths = clipped.map((c) => c.width);
    // A line that fills the row leaves the cursor in the pending-wrap state, where erasing to the
    // end of the line would erase its last character: only erase after shorter lines.
    const erase = (i: number) => ((widths[i] ?? 0) < columns ? SEQUENCES.eraseLineEnd : '');
    let out = '';
    if (this.shown === null) {
      out = SEQUENCES.home + lines.map((line, i) => line + erase(i)).join('\r\n') + SEQUENCES.eraseBelow;
    } else {
      let previous = -2;
      for (let i = 0; i < lines.length; i++) {
        if (lines[i] === this.shown[i]) continue;
        out += (previous === i - 1 ? '\r\n' : `${ESC}[${i + 1};1H`) + lines[i] + erase(i);
        previous = i;
      }
      if (lines.length < this.shown.length) out += `${ESC}[${lines.length + 1};1H${SEQUENCES.eraseBelow}`;
    }
    this.shown = lines;
    this.widths = widths;
    return out;
  }

  /** Everything again (Ctrl-L, after the terminal was disturbed), from what was last drawn. */
  repaint(): string {
    if (this.shown === null) return '';
    const { columns } = this.size();
    return (
      SEQUENCES.home +
      this.shown.map((line, i) => line + ((this.widths[i] ?? 0) < columns ? SEQUENCES.eraseLineEnd : '')).join('\r\n') +
      SEQUENCES.eraseBelow
    );
  }
}

/** Ink's own cursor moves and erases that precede a frame: the diff positions lines itself. */
const INK_PREFIX = /^(?:\u001b\[(?:\d*[ABG]|2K|[0-3]?J|H|\d*;?\d*[fH]))*/u;

/**
 * A stdout for Ink: the same stream (size, TTY, resize events, everything), except that whole
 * frames written to it go through the ScreenDiff. Other writes (cursor visibility, synchronized
 * output markers, OSC 52) pass through untouched.
 */
export function diffedStream(stdout: NodeJS.WriteStream, screen: ScreenDiff): NodeJS.WriteStream {
  const write = (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
    const done = typeof encoding === 'function' ? encoding : typeof callback === 'function' ? callback : undefined;
    if (typeof chunk !== 'string' || chunk === '') {
      return (stdout.write as (...args: unknown[]) => boolean)(chunk, encoding, callback);
    }
    const prefix = INK_PREFIX.exec(chunk)?.[0] ?? '';
    const body = chunk.slice(prefix.length);
    if (prefix.includes(`${ESC}[2J`)) screen.invalidate();
    if (body.includes('\n')) {
      const bytes = screen.update(body);
      if (bytes !== '') return stdout.write(bytes, done as ((error?: Error | null) => void) | undefined);
    } else if (body !== '') {
      return (stdout.write as (...args: unknown[]) => boolean)(body, encoding, callback);
    }
    if (done) process.nextTick(done as () => void);
    return true;
  };
  return new Proxy(stdout, {
    get(target, property) {
      if (property === 'write') return write;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export interface TerminalStreams {
  readonly stdout: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
  readonly stderr: NodeJS.WriteStream;
}
