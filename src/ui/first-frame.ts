/**
 * The app's first frame, drawn before Ink is loaded: a speed trick, fenced in this module (issue
 * 25; its benchmark is test/bench/ui.ts, the first frame and the verdict beside pg_activity's).
 *
 * Why: loading Ink, React and the screens is some 150 ms of synchronous module evaluation, and
 * while it runs nothing else does: the first verification's answers, which arrive meanwhile, wait
 * behind it, and so does everything drawn after. So run.tsx draws this frame with plain escape
 * sequences as soon as it has the terminal: the header with its tabs and the line that says the
 * verification is running. When the run ends its counts and verdict are drawn in that line's place,
 * and only then is Ink loaded; it repaints the whole screen (each row erased to its end, everything below
 * its last row erased: terminal.ts), nothing of this frame is left. A database slow to answer
 * (Neon waking up takes seconds) does not keep the real app away: Ink loads after LONGEST_WAIT_MS
 * whatever the run is doing, and shows it still reading.
 *
 * The words are the app's own, from the functions its components draw them with: the header's
 * (components/headerText.ts) and the Overview's summary (screens/Overview/summary.ts, through
 * screens/before-ink.ts, which also names the tabs without loading the screens' code); and so are
 * their rows: the Overview's layout (screens/Overview/layout.ts) puts the verification's lines
 * under the database panels, as tall as they are in the run's state, so Ink's frame draws them on
 * the same rows. first-frame.test.tsx holds words and rows equal to what Ink draws.
 *
 * Keys typed meanwhile are kept and handed to the app (raw mode: nothing is echoed), which then
 * loads at once. Ctrl-C, or q as the first key, quits at once, as they do in the app before
 * anything is running.
 */
import type { Config } from '../core/config.js';
import { VERSION } from '../version.js';
import { BODY_ROW, bodyHeightOf } from './chrome.js';
import { cutSegments, type LineSegments } from './components/cut.js';
import { headerSegments } from './components/headerText.js';
import type { Place } from './place.js';
import { endedLines, OPENS_ON, runningLines, TABS_BEFORE_INK, verificationRow } from './screens/before-ink.js';
import { type Theme, type Tone, tone } from './symbols.js';
import { clipLine, ESC, SEQUENCES, type TerminalStreams } from './terminal.js';
import type { StartedVerification } from './verification/start.js';
import { initialVerification, type VerificationState, verificationReducer } from './verification/state.js';

/**
 * How long the app waits for the first run before it loads anyway, showing the run in progress:
 * four times the verdict's time on a 2-core machine at a load of 10 (about 0.5 s), and a key
 * loads the app at once.
 */
export const LONGEST_WAIT_MS = 2000;

const CTRL_C = 0x03;

const FOREGROUND: Record<Tone, number> = { red: 31, green: 32, yellow: 33, magenta: 35, cyan: 36, gray: 90 };

/** Segments as escape sequences, styled as Ink draws them. */
function styled(segments: LineSegments, theme: Theme): string {
  return segments
    .map((segment) => {
      const color = tone(theme, segment.tone);
      const background = tone(theme, segment.background);
      const codes = [
        segment.bold ? 1 : null,
        theme.color && segment.dim ? 2 : null,
        segment.inverse ? 7 : null,
        color ? FOREGROUND[color] : null,
        background ? FOREGROUND[background] + 10 : null,
      ].filter((code) => code !== null);
      return codes.length > 0 ? `${ESC}[${codes.join(';')}m${segment.text}${SEQUENCES.reset}` : segment.text;
    })
    .join('');
}

/** A line as Line.tsx draws it: cut at a word, with the theme's ellipsis (cut.ts). */
export const lineText = (segments: LineSegments, columns: number, theme: Theme): string =>
  styled(cutSegments(segments, columns, theme), theme);

/** The header as Header.tsx draws it: Ink's truncate-end, the columns that fit with "…" last. */
export function headerText(columns: number, place: Place | undefined, theme: Theme): string {
  const text = styled(headerSegments(TABS_BEFORE_INK, OPENS_ON, columns, place), theme);
  return clipLine(text, Number.POSITIVE_INFINITY).width > columns ? `${clipLine(text, columns - 1).text}…` : text;
}

export interface FirstFrame {
  /**
   * 'app' once Ink should load: `verification` has ended (its verdict drawn), a key was typed, or
   * LONGEST_WAIT_MS have passed since the frame was drawn; 'quit' on Ctrl-C or q.
   */
  readonly until: (verification: StartedVerification) => Promise<'app' | 'quit'>;
  /** stops reading keys; those typed meanwhile are left for the app to read */
  readonly handOver: () => void;
}

export function drawFirstFrame({
  config,
  theme,
  streams: { stdout, stdin },
}: {
  readonly config: Config;
  readonly theme: Theme;
  readonly streams: TerminalStreams;
}): FirstFrame {
  // Before anything is drawn: a key typed once the frame is up must not be echoed.
  if (stdin.isTTY) stdin.setRawMode(true);
  const columns = stdout.columns > 0 ? stdout.columns : 80;
  const bodyHeight = bodyHeightOf(stdout.rows > 0 ? stdout.rows : 24);
  const row = (at: number, text: string) => `${ESC}[${at};1H${text}${SEQUENCES.eraseLineEnd}`;
  /** The verification's lines where the Overview puts them in `state`: the rows drawn, and what draws them. */
  const verificationLines = (state: VerificationState, segments: readonly LineSegments[]) => {
    const first = verificationRow(state, columns, bodyHeight, theme);
    // The Overview cuts what falls below its height.
    const rows = segments.map((_, i) => first + i).filter((at) => at < bodyHeight);
    return {
      rows,
      text: rows.map((at, i) => row(BODY_ROW + at, lineText(segments[i]!, columns, theme))).join(''),
    };
  };
  const place = { environment: config.environment, readOnly: config.readOnly === true };
  const running = verificationLines(initialVerification(config, VERSION), runningLines(theme));
  stdout.write(SEQUENCES.home + SEQUENCES.eraseBelow + row(1, headerText(columns, place, theme)) + running.text);

  let settled: 'app' | 'quit' | null = null;
  let resolveNext: (next: 'app' | 'quit') => void = () => {};
  const next = new Promise<'app' | 'quit'>((resolve) => {
    resolveNext = resolve;
  });
  const settle = (outcome: 'app' | 'quit') => {
    settled ??= outcome;
    resolveNext(outcome);
  };
  const timer = setTimeout(() => settle('app'), LONGEST_WAIT_MS);
  void next.then(() => clearTimeout(timer));
  const until = (verification: StartedVerification) => {
    verification.report.then(
      () => {
        const state = (verification.settledEvents(1) ?? []).reduce(
          verificationReducer,
          initialVerification(config, VERSION),
        );
        const ended = verificationLines(state, endedLines(state, theme));
        // The running line is erased where the counts do not replace it (the panels have grown).
        const left = running.rows.filter((at) => !ended.rows.includes(at));
        stdout.write(left.map((at) => row(BODY_ROW + at, '')).join('') + ended.text);
        settle('app');
      },
      // The app says what failed.
      () => settle('app'),
    );
    return next;
  };

  const kept: Buffer[] = [];
  const read = () => {
    for (let chunk: Buffer | string | null = stdin.read(); chunk !== null; chunk = stdin.read()) {
      const bytes = Buffer.from(chunk);
      // Once the app is loading (the verdict drawn, say), every key is the app's, q and Ctrl-C too:
      // it quits on them as well, where here they would be lost.
      if (settled === 'app') kept.push(bytes);
      else if (bytes.includes(CTRL_C) || (kept.length === 0 && bytes.toString() === 'q')) settle('quit');
      else {
        // A key is for the app: it loads now rather than after the verdict.
        kept.push(bytes);
        settle('app');
      }
    }
  };
  stdin.on('readable', read);
  return {
    until,
    handOver() {
      stdin.off('readable', read);
      if (kept.length > 0) stdin.unshift(Buffer.concat(kept));
    },
  };
}
