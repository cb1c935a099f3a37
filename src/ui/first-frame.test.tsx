/**
 * The frame drawn before Ink loads (first-frame.ts) says what the app then draws, in the same
 * words: its header equals the Ink header's text, its summary the Overview's lines. And the keys
 * typed meanwhile: Ctrl-C or a first q quits, anything else loads the app and is left for it.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { configFor, verificationFor } from '../../test/helpers/ui/fixtures.js';
import { render, strip, UNICODE } from '../../test/helpers/ui/render.js';
import type { Config } from '../core/config.js';
import type { Report } from '../core/report.js';
import { VERSION } from '../version.js';
import { Header } from './components/Header.js';
import { drawFirstFrame, headerText, LONGEST_WAIT_MS, lineText } from './first-frame.js';
import type { Place } from './place.js';
import { endedLines, runningLines, TABS_BEFORE_INK, verificationRow } from './screens/before-ink.js';
import { Overview } from './screens/Overview/Overview.js';
import { TABS } from './shell.js';
import type { TerminalStreams } from './terminal.js';
import type { StartedVerification } from './verification/start.js';
import { initialVerification } from './verification/state.js';

const PLACES: ReadonlyArray<Place | undefined> = [
  undefined,
  { readOnly: true },
  { environment: { name: 'staging', production: false }, readOnly: false },
  { environment: { name: 'production', production: true }, readOnly: true },
];

describe('the frame drawn before Ink', () => {
  it("names the tabs as the screens' definitions do", () => {
    expect(TABS_BEFORE_INK).toEqual(TABS.map(({ id, key, title }) => ({ id, key, title })));
  });

  it('draws the header Ink draws for the Overview, at every width and place, colours and all', () => {
    for (const columns of [140, 80, 60, 40])
      for (const place of PLACES) {
        const ink = render(<Header screen="overview" width={columns} place={place} />, { columns }).frame();
        expect(strip(headerText(columns, place, UNICODE)).trimEnd()).toBe(ink.trimEnd());
      }
    const production = headerText(80, PLACES[3], { color: true, unicode: true });
    // As Ink draws it: the place inverse on red, the current tab inverse and bold, the other tabs cyan.
    expect(production).toContain('\u001b[7;36;41m PRODUCTION · READ-ONLY \u001b[0m');
    expect(production).toContain('\u001b[1;7m 1 Overview \u001b[0m');
    expect(production).toContain('\u001b[36m2\u001b[0m');
  });

  it("draws the Overview's counts and verdict in the Overview's words, cut where the Overview cuts them, on its rows", () => {
    const verification = verificationFor();
    // Stacked panels, side by side, and terminals short enough for the compact layout.
    for (const [columns, height] of [
      [80, 20],
      [40, 20],
      [120, 20],
      [80, 12],
      [120, 9],
    ] as const) {
      const overview = render(<Overview verification={verification} width={columns} height={height} />, {
        columns,
      }).lines();
      const [counts, verdict] = endedLines(verification, UNICODE).map((line) =>
        strip(lineText(line, columns, UNICODE)).trimEnd(),
      );
      if (columns === 80) expect(counts).toBe('Verification  ✓ 8 pass  ✗ 4 fail  ! 3 warn  ⊘ 75 blocked');
      const at = overview.findIndex((line) => line.trimEnd() === counts);
      expect(at).toBeGreaterThan(0);
      expect(overview[at + 1]?.trimEnd()).toBe(verdict);
      expect([columns, height, verificationRow(verification, columns, height, UNICODE)]).toEqual([columns, height, at]);
    }
  });

  it('draws the line that says the run is reading where the Overview draws it, under the panels being read', () => {
    const reading = initialVerification(configFor(), VERSION);
    for (const [columns, height] of [
      [80, 20],
      [120, 20],
      [80, 7],
    ] as const) {
      const overview = render(<Overview verification={reading} width={columns} height={height} />, { columns }).lines();
      const at = overview.findIndex((line) =>
        line.includes(strip(lineText(runningLines(UNICODE)[0]!, columns, UNICODE))),
      );
      expect(at).toBeGreaterThan(0);
      expect([columns, height, verificationRow(reading, columns, height, UNICODE)]).toEqual([columns, height, at]);
    }
  });
});

/** A terminal for drawFirstFrame: stdin a stream the test types into, stdout collected. */
function terminal() {
  const stdin = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.ReadStream & PassThrough;
  let written = '';
  const stdout = {
    columns: 80,
    rows: 24,
    write(text: string) {
      written += text;
      return true;
    },
  };
  const streams = { stdin, stdout, stderr: stdout } as unknown as TerminalStreams;
  return { stdin, streams, written: () => written };
}

/** A first verification that has not answered yet. */
const stillReading: StartedVerification = {
  report: new Promise<Report>(() => {}),
  onDatabase: () => {},
  settledEvents: () => null,
};

const config = { missing: [], readOnly: false } as unknown as Config;
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('keys typed before Ink loads', () => {
  it('load the app at once and are left for it, in order; a q after another key is one of them', async () => {
    const { stdin, streams, written } = terminal();
    const frame = drawFirstFrame({ config, theme: UNICODE, streams });
    expect(strip(written())).toContain('Verification: waiting for both databases…');
    stdin.write('2');
    // Long before the first run could have kept the app waiting.
    const waited = new Promise((resolve) => setTimeout(() => resolve('still waiting'), LONGEST_WAIT_MS / 2));
    await expect(Promise.race([frame.until(stillReading), waited])).resolves.toBe('app');
    stdin.write('jq');
    await turn();
    frame.handOver();
    expect(String(stdin.read())).toBe('2jq');
    stdin.destroy();
  });

  it('once the verdict is drawn and the app loads, a q is left for it (the app quits on it), not lost', async () => {
    const { stdin, streams, written } = terminal();
    const frame = drawFirstFrame({ config, theme: UNICODE, streams });
    const answered: StartedVerification = {
      report: Promise.resolve({} as Report),
      onDatabase: () => {},
      settledEvents: () => [],
    };
    await expect(frame.until(answered)).resolves.toBe('app');
    expect(strip(written())).toContain('Verification  ');
    stdin.write('q');
    await turn();
    frame.handOver();
    expect(String(stdin.read())).toBe('q');
    stdin.destroy();
  });

  it('Ctrl-C anywhere, or q first, quits', async () => {
    for (const keys of ['q', 'j\u0003']) {
      const { stdin, streams } = terminal();
      const frame = drawFirstFrame({ config, theme: UNICODE, streams });
      stdin.write(keys);
      await expect(frame.until(stillReading)).resolves.toBe('quit');
      frame.handOver();
      stdin.destroy();
    }
  });
});
