/** Every screen rendered with ink-testing-library, from snapshots captured on a real server; unstyled text asserted. */
import { Box } from 'ink';
import { describe, expect, it } from 'vitest';
import { appStateFor, configFor, ISSOH_URL, verificationFor } from '../../../../test/helpers/ui/fixtures.js';
import { ASCII, render, UNICODE } from '../../../../test/helpers/ui/render.js';
import { FindingDetail } from '../../components/FindingDetail.js';
import { Header } from '../../components/Header.js';
import { asciiRuns, Line } from '../../components/Line.js';
import { StatusBar } from '../../components/StatusBar.js';
import { TooSmall } from '../../components/TooSmall.js';
import { keyHints } from '../../keymap.js';
import { symbols } from '../../theme.js';
import { initialVerification } from '../../verification/state.js';
import { Checklist } from '../Checklist/Checklist.js';
import { Help } from '../Help/Help.js';
import { Overview } from './Overview.js';

const PASSWORD = 's3cret-pw';

describe('Overview', () => {
  it('shows both databases, the summary and the topology at 80x24, stacked', () => {
    const { frame, lines } = render(<Overview verification={verificationFor()} width={80} height={20} />);
    const text = frame();
    expect(lines()[0]).toBe('IS-SOH ✓ read in 56 ms · round trip 0.4 ms (connect + 1 query)');
    expect(text).toContain('  ep-cool-123.eu-central-1.aws.neon.tech/mantis_issoh (from --issoh-url)');
    expect(text).toContain('  PostgreSQL 17.10 · user postgres (superuser)');
    expect(text).toContain('  read-only (lock 5s, statement 30s) · direct · TLS');
    expect(text).toContain('SPP    ✓ read in 56 ms');
    expect(text).toContain('  read-only (lock 5s, statement 30s) · pooled · TLS');
    expect(text).toContain('Verification  ✓ 8 pass  ✗ 4 fail  ! 3 warn  ⊘ 75 blocked');
    expect(text).toContain('→ not ready: 4 failing, 75 blocked');
    // What is wrong, and the key that acts on it.
    expect(text).toContain('  ✗ Prerequisites: auth, auth.uid(), auth.users_extended, organization');
    expect(text).toContain('  → next: press 4 for Remediate: its plan fixes these in order, step by step');
    // The topology's presence checks share a line to make room; the links keep theirs.
    expect(text).toContain('Topology  ✓ core  ✓ serve  ✓ public views  ✓ spp');
    expect(text).toMatch(/! FDW IS-SOH → SPP +missing: no postgres_fdw server/);
    expect(text).toMatch(/! FDW SPP → IS-SOH +missing: no postgres_fdw server/);
    expect(lines().length).toBeLessThanOrEqual(20);
    const tall = render(<Overview verification={verificationFor()} width={80} height={26} />, { rows: 30 }).frame();
    expect(tall).toMatch(/✓ core +IS-SOH: exists, 2 relations/);
    expect(tall).toMatch(/✓ serve +IS-SOH: exists, 1 relation/);
    expect(tall).toMatch(/✓ public views +2 of 2 are views/);
    expect(tall).toMatch(/✓ spp +SPP: exists, 2 relations/);
    expect(text).not.toContain(PASSWORD);
  });

  it('puts the databases side by side from 100 columns on', () => {
    const { lines } = render(<Overview verification={verificationFor()} width={120} height={26} />, {
      columns: 120,
      rows: 30,
    });
    expect(lines()[0]).toMatch(/^IS-SOH ✓ read in 56 ms .* {2,}SPP {4}✓ read in 56 ms/);
    expect(lines()[3]).toMatch(
      /read-only \(lock 5s, statement 30s\) · direct · TLS +read-only \(lock 5s, statement 30s\) · pooled · TLS/,
    );
  });

  it('draws the same facts in fewer lines on a short terminal', () => {
    const { frame, lines } = render(<Overview verification={verificationFor()} width={60} height={11} />, {
      columns: 60,
      rows: 15,
    });
    expect(lines().length).toBeLessThanOrEqual(11);
    expect(frame()).toContain('Topology  ✓ core  ✓ serve  ✓ public views  ✓ spp');
    expect(frame()).toContain('FDW SPP → IS-SOH');
    expect(frame()).toContain('→ not ready');
  });

  it('shows a spinner per database while it is read', () => {
    const { frame } = render(
      <Overview verification={initialVerification(configFor(), '0.1.0')} width={80} height={20} />,
    );
    expect(frame()).toMatch(/IS-SOH +\S connecting and reading the catalog…/);
    expect(frame()).toMatch(/SPP +\S connecting and reading the catalog…/);
    expect(frame()).toContain('Verification: waiting for both databases');
    expect(frame()).toMatch(/– core +checking…/);
  });

  it('shows an error in place of a database that could not be read, with its fix, and the other one checked', () => {
    const error =
      'SPP (db.example/mantis_spp): password authentication failed for the user in NEON_SPP_DATABASE_URL: fix the password there';
    const { frame } = render(<Overview verification={verificationFor({ spp: { error } })} width={80} height={20} />);
    expect(frame()).toContain('SPP    ✗ could not be read');
    expect(frame()).toContain('fix the password there');
    expect(frame()).toContain('IS-SOH ✓ read in 56 ms');
    expect(frame()).toContain('→ incomplete: SPP could not be read');
    expect(frame()).toMatch(/– spp +SPP not read/);
    expect(frame()).toContain('→ next: fix the connection said above, then r re-verifies');
    expect(frame()).not.toContain('Remediate');
  });

  it('names the env variable to set for a database without a URL', () => {
    const { frame } = render(<Overview verification={verificationFor({ spp: null })} width={80} height={20} />);
    expect(frame()).toContain('SPP    – not checked');
    expect(frame()).toContain('no URL: set NEON_SPP_DATABASE_URL (or --spp-url)');
  });

  it('is legible in ASCII (TERM=vt100)', () => {
    const { frame } = render(<Overview verification={verificationFor()} width={80} height={20} />, { theme: ASCII });
    expect(frame()).toContain('[ok] 8 pass  [FAIL] 4 fail  [warn] 3 warn  [blocked] 75 blocked');
    expect(frame()).toContain('-> not ready');
    expect(frame()).toContain('FDW IS-SOH -> SPP');
    expect(frame()).not.toMatch(/[^\x00-\x7f]/);
  });
});

describe('Checklist', () => {
  const state = appStateFor();

  it('lists findings by group with counts, each with glyph, code, title, object and database', () => {
    const { lines, frame } = render(
      <Checklist verification={state.verification} checklist={state.checklist} width={80} height={20} />,
    );
    expect(lines()[0]).toBe('90 checks  ✓ 8 pass  ✗ 4 fail  ! 3 warn  ⊘ 75 blocked');
    expect(lines()[1]).toMatch(/^› ▾ Topology +5\/7 pass {2}! 2 warn/);
    expect(frame()).toMatch(/ {4}! TOP004 postgres_fdw link to SPP missing +postgres_fdw → SPP +IS-SOH/);
    expect(frame()).toMatch(/ {2}▾ Prerequisites +3\/7 pass {2}✗ 4 fail/);
    expect(frame()).toMatch(/ {4}✗ PRQ001 organization table missing +organization +IS-SOH/);
    expect(frame()).toMatch(/ {4}✓ TOP003 SPP schema spp present \(2 relations\) +spp +SPP/);
    expect(lines()).toHaveLength(20);
  });

  it('under failures only and a filter, shows the matches and says so', () => {
    const filtered = appStateFor({}, [
      { type: 'nav/go', screen: 'checklist' },
      { type: 'list/failures-only' },
      { type: 'filter/start' },
      { type: 'filter/input', text: 'auth' },
    ]);
    const { lines } = render(
      <Checklist verification={filtered.verification} checklist={filtered.checklist} width={80} height={20} />,
    );
    expect(lines()[0]).toMatch(/^3 of 90 shown {2}· filter "auth" {2}· failures only {2}· {2}✓ 8 pass/);
    expect(lines()[1]).toMatch(/▾ Prerequisites +3\/7 pass {2}✗ 4 fail {2}\(3 shown\)/);
    expect(
      lines()
        .slice(2, 5)
        .map((l) => l.match(/PRQ\d+/)?.[0]),
    ).toEqual(['PRQ003', 'PRQ006', 'PRQ004']);
    expect(lines()[2]).toMatch(/^›/);
  });

  it('collapsed groups show only their header', () => {
    const collapsed = appStateFor({}, [{ type: 'list/open' }]);
    const { lines } = render(
      <Checklist verification={collapsed.verification} checklist={collapsed.checklist} width={80} height={20} />,
    );
    expect(lines()[1]).toMatch(/^› ▸ Topology/);
    expect(lines()[2]).toMatch(/^ {2}▾ Prerequisites/);
  });

  it('scrolls the list with the selection', () => {
    const moved = appStateFor({}, [{ type: 'list/move', by: 30, viewport: 19 }]);
    const { lines } = render(
      <Checklist verification={moved.verification} checklist={moved.checklist} width={80} height={20} />,
    );
    expect(lines()[19]).toMatch(/^›/);
    expect(lines()[1]).not.toContain('Topology');
  });

  it('shows progress before the first findings, and why a database is missing after them', () => {
    const first = initialVerification(configFor(), '0.1.0');
    const reading = render(<Checklist verification={first} checklist={state.checklist} width={80} height={20} />);
    expect(reading.frame()).toMatch(/IS-SOH +\S connecting and reading the catalog…/);
    const error = 'IS-SOH (h/db): connection refused: is the server running and the port right in DATABASE_URL?';
    const broken = appStateFor({ issoh: { error } });
    const { frame } = render(
      <Checklist verification={broken.verification} checklist={broken.checklist} width={80} height={20} />,
    );
    expect(frame()).toContain('✗ not read, its checks are missing: IS-SOH (h/db): connection refused');
    expect(frame()).toContain('▾ Topology');
    expect(frame()).toContain('TOP003');
  });

  it('is legible in ASCII', () => {
    const { frame } = render(
      <Checklist verification={state.verification} checklist={state.checklist} width={80} height={20} />,
      { theme: ASCII },
    );
    expect(frame()).toMatch(/> - Topology/);
    expect(frame()).toMatch(/\[FAIL\] +PRQ003 schema auth missing/);
    expect(frame()).toContain('postgres_fdw -> SPP');
    expect(frame()).not.toMatch(/[^\x00-\x7f]/);
  });
});

describe('FindingDetail', () => {
  const findings = appStateFor({ issoh: 'issoh-drifted' }).verification.findings ?? [];
  const finding = findings.find((f) => f.code === 'IDX001' && f.status === 'fail')!;

  it('shows expected, actual, impact, blocked-by, the evidence SQL and the fix SQL', () => {
    const { frame } = render(<FindingDetail finding={finding} width={80} height={40} scroll={0} />);
    const text = frame();
    expect(text).toMatch(/^✗ IDX001 · fail · medium · IS-SOH/);
    expect(text).toContain('Expected    CREATE INDEX idx_sync_activity_log_action ON ONLY');
    expect(text).toContain('Actual      no index with this name or definition');
    expect(text).toContain('Impact      Queries the index serves scan the table');
    expect(text).toContain('Blocked by  nothing');
    expect(text).toContain('Evidence SQL  (Y copies it)');
    expect(text).toContain('Fix SQL  (y copies it)');
    expect(text).toContain(`CREATE INDEX`);
  });

  it('scrolls, and says which lines are shown', () => {
    const top = render(<FindingDetail finding={finding} width={80} height={8} scroll={0} />);
    expect(top.lines()[0]).toMatch(/lines 1-7 of \d+ ↑↓$/);
    expect(top.frame()).not.toContain('Fix SQL');
    const bottom = render(<FindingDetail finding={finding} width={80} height={8} scroll={999} />);
    expect(bottom.frame()).toContain(finding.fix!.trim().split('\n').at(-1)!.trim().slice(0, 40));
  });

  it('names the prerequisite a blocked finding waits for, and a finding without a fix says a person decides', () => {
    const seed = appStateFor().verification.findings ?? [];
    const blocked = seed.find((f) => f.status === 'blocked')!;
    const { frame } = render(<FindingDetail finding={blocked} width={80} height={40} scroll={0} />);
    expect(frame()).toMatch(/Blocked by {2}PRQ\d{3} \(/);
    const manual = seed.find((f) => f.fix === null)!;
    expect(render(<FindingDetail finding={manual} width={80} height={40} scroll={0} />).frame()).toContain(
      'none: a person must decide',
    );
  });
});

describe('Help', () => {
  it('lists every key', () => {
    const { frame } = render(<Help width={100} height={60} scroll={0} />, { columns: 100, rows: 64 });
    for (const key of [
      '1 2 3 4 5 6',
      'Tab  Shift-Tab',
      '?',
      'Esc',
      'q  Ctrl-C',
      'Ctrl-L',
      'r',
      'e',
      'Enter',
      '/',
      'f',
      'y',
      'Y',
      '↑ ↓  j k',
    ]) {
      expect(frame()).toContain(`  ${key}`);
    }
    expect(frame()).toContain('Overview, Checklist, Monitor, Remediate, Rollback, Health');
    expect(frame()).toContain('OSC 52');
  });

  it('scrolls on a short terminal', () => {
    const { lines } = render(<Help width={80} height={10} scroll={5} />);
    expect(lines()).toHaveLength(10);
    expect(lines()[0]).not.toBe('Everywhere');
  });
});

describe('the frame around the screens', () => {
  it('the header numbers the screens and fits 80 columns; it compacts below', () => {
    expect(render(<Header screen="checklist" width={80} />).frame()).toBe(
      '1 Overview  2 Checklist  3 Monitor  4 Remediate  5 Rollback  6 Health  ? Help',
    );
    expect(render(<Header screen="checklist" width={120} />, { columns: 120 }).frame()).toMatch(
      /^mantis-sync-tui {2}1 Overview/,
    );
    expect(render(<Header screen="checklist" width={60} />, { columns: 60 }).frame()).toBe(
      '1  2 Checklist  3  4  5  6  ?',
    );
  });

  it('the status bar shows what fits, keeping help and quit', () => {
    const hints = keyHints('checklist', symbols(UNICODE));
    expect(render(<StatusBar hints={hints} width={200} />, { columns: 200 }).frame()).toBe(
      '↑↓/jk move  Enter open  / filter  f failures  y copy SQL  r re-verify  e export  1-6/Tab screens  ? help  q quit',
    );
    const narrow = render(<StatusBar hints={hints} width={60} />, { columns: 60 }).frame();
    expect(narrow.length).toBeLessThanOrEqual(60);
    expect(narrow).toMatch(/\? help {2}q quit$/);
  });

  it('below 60x15 the app says the terminal is too small', () => {
    const { lines } = render(<TooSmall columns={50} rows={12} />, { columns: 50, rows: 12 });
    expect(lines().every((line) => line.length <= 50)).toBe(true);
    const text = lines().join(' ');
    expect(text).toContain('Terminal too small: 50x12');
    expect(text).toContain('at least 60x15');
    expect(text).toContain('press q to quit');
  });
});

describe('URLs', () => {
  it('no screen shows a password', () => {
    const state = appStateFor();
    const all = [
      render(<Overview verification={state.verification} width={80} height={20} />).frame(),
      render(
        <Checklist verification={state.verification} checklist={state.checklist} width={80} height={20} />,
      ).frame(),
    ].join('\n');
    expect(all).not.toContain(PASSWORD);
    expect(ISSOH_URL).toContain(PASSWORD);
  });
});

describe('Line', () => {
  it('cuts a line into printable-ASCII runs and the rest, keeping each segment’s style', () => {
    expect(asciiRuns([{ text: '› Acme Corpor…', bold: true }, { text: '  40%' }])).toEqual([
      { text: '›', bold: true },
      { text: ' Acme Corpor', bold: true },
      { text: '…', bold: true },
      { text: '  40%' },
    ]);
  });

  it('draws a line with non-ASCII runs exactly as its text, cut to the width', () => {
    const segments = [
      { text: '› ' },
      { text: 'Simulated organisation', tone: 'green' as const },
      { text: ' · ETA 1m35s · ↑↓ move' },
    ];
    const { lines } = render(<Line segments={segments} width={30} />);
    // Cut at a word: the ETA's label is not split from its value.
    expect(lines()[0]).toBe('› Simulated organisation · …');
    const ascii = render(<Line segments={[{ text: 'plain ASCII line' }]} width={30} />);
    expect(ascii.lines()[0]).toBe('plain ASCII line');
  });

  it('leaves a line with characters two columns wide to Ink whole: one line, cursor kept, nothing spilt into the next', () => {
    const { frame } = render(
      <Box flexDirection="column" width={30} height={2}>
        <Line segments={[{ text: '› ' }, { text: '株式会社サンプル東京本社 · ETA 1m35s and more' }]} width={30} />
        <Line segments={[{ text: 'next line' }]} width={30} />
      </Box>,
    );
    expect(frame()).toBe('› 株式会社サンプル東京本社 · …\nnext line');
  });
});
