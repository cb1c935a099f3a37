/** What reaches the terminal: line diffs, clipping, OSC 52, the report file, text layout. */

import { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, snapshotFixture } from '../../test/helpers/fixtures.js';
import { appStateFor, verificationFor } from '../../test/helpers/ui/fixtures.js';
import { osc52 } from './clipboard.js';
import { reportFileName, writeReport } from './export.js';
import { shortTitle } from './screens/Checklist/Checklist.js';
import { topologyItems } from './screens/Overview/topology.js';
import { clipLine, diffedStream, ScreenDiff } from './terminal.js';
import { truncate, wrap } from './text.js';
import { symbols } from './theme.js';
import { reportOf } from './verification/state.js';

const size = { columns: 20, rows: 6 };
const diff = () => new ScreenDiff(() => size);

describe('ScreenDiff', () => {
  it('draws the first frame whole from the top left, erasing what is below', () => {
    expect(diff().update('one\ntwo\n')).toBe('\u001b[Hone\u001b[K\r\ntwo\u001b[K\u001b[J');
  });

  it('then sends only the lines that changed, each at its row', () => {
    const screen = diff();
    screen.update('a\nb\nc\nd\n');
    expect(screen.update('a\nB\nc\nD\n')).toBe('\u001b[2;1HB\u001b[K\u001b[4;1HD\u001b[K');
    expect(screen.update('a\nB\nX\nY\n')).toBe('\u001b[3;1HX\u001b[K\r\nY\u001b[K');
    expect(screen.update('a\nB\nX\nY\n')).toBe('');
    expect(screen.update('a\nB\n')).toBe('\u001b[3;1H\u001b[J');
  });

  it('never writes the last row or past the last column, and never erases a full row', () => {
    const screen = diff();
    const frame = Array.from({ length: 9 }, (_, i) => `${i}`.repeat(30)).join('\n');
    const out = screen.update(frame);
    expect(out.split('\r\n')).toHaveLength(size.rows - 1);
    expect(out).toContain('0'.repeat(20));
    expect(out).not.toContain('0'.repeat(21));
    expect(out).not.toContain('\u001b[K');
  });

  it('repaints everything after invalidate() and on repaint()', () => {
    const screen = diff();
    screen.update('a\nb\n');
    expect(screen.repaint()).toBe('\u001b[Ha\u001b[K\r\nb\u001b[K\u001b[J');
    screen.invalidate();
    expect(screen.update('a\nb\n')).toBe('\u001b[Ha\u001b[K\r\nb\u001b[K\u001b[J');
  });

  it('clips by visible columns, keeping escape sequences whole and resetting a cut style', () => {
    expect(clipLine('\u001b[31mred text\u001b[39m', 3)).toEqual({ text: '\u001b[31mred\u001b[39m\u001b[0m', width: 3 });
    expect(clipLine('✓ ok', 10)).toEqual({ text: '✓ ok', width: 4 });
  });
});

describe('the stream Ink writes to', () => {
  class Sink extends EventEmitter {
    written: string[] = [];
    columns = 20;
    rows = 6;
    isTTY = true;
    write(chunk: string, callback?: () => void) {
      this.written.push(chunk);
      callback?.();
      return true;
    }
  }

  it('turns Ink frames into line diffs and lets everything else through', () => {
    const sink = new Sink();
    const stream = diffedStream(sink as unknown as NodeJS.WriteStream, new ScreenDiff(() => sink));
    stream.write('\u001b[?25l');
    stream.write('one\ntwo\n');
    stream.write('\u001b[2K\u001b[1A\u001b[2K\u001b[1A\u001b[2K\u001b[Gone\nTWO\n');
    stream.write(osc52('SELECT 1;'));
    expect(sink.written).toEqual([
      '\u001b[?25l',
      '\u001b[Hone\u001b[K\r\ntwo\u001b[K\u001b[J',
      '\u001b[2;1HTWO\u001b[K',
      osc52('SELECT 1;'),
    ]);
    expect(stream.columns).toBe(20);
    expect(stream.isTTY).toBe(true);
  });

  it('draws whole again after Ink cleared the terminal', () => {
    const sink = new Sink();
    const stream = diffedStream(sink as unknown as NodeJS.WriteStream, new ScreenDiff(() => sink));
    stream.write('a\nb\n');
    stream.write('\u001b[2J\u001b[3J\u001b[Ha\nb\n');
    expect(sink.written.at(-1)).toBe('\u001b[Ha\u001b[K\r\nb\u001b[K\u001b[J');
  });
});

describe('OSC 52', () => {
  it('carries the text base64-encoded, terminated by BEL', () => {
    const sequence = osc52('CREATE SCHEMA IF NOT EXISTS auth; -- ✓');
    expect(sequence.startsWith('\u001b]52;c;')).toBe(true);
    expect(sequence.endsWith('\u0007')).toBe(true);
    expect(Buffer.from(sequence.slice(7, -1), 'base64').toString('utf8')).toBe(
      'CREATE SCHEMA IF NOT EXISTS auth; -- ✓',
    );
  });
});

describe('the Markdown report file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mantis-export-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is named by the local date and minute', () => {
    expect(reportFileName(new Date(2026, 10, 21, 23, 15, 42))).toBe('mantis-verify-2026-11-21T2315.md');
  });

  it('is written without overwriting an earlier one from the same minute', () => {
    const report = reportOf(appStateFor().verification)!;
    const now = new Date(2026, 10, 21, 23, 15);
    const first = writeReport(report, dir, now);
    const second = writeReport(report, dir, now);
    expect(first).toBe(join(dir, 'mantis-verify-2026-11-21T2315.md'));
    expect(second).toBe(join(dir, 'mantis-verify-2026-11-21T2315-2.md'));
    expect(readdirSync(dir)).toHaveLength(2);
    const text = readFileSync(first, 'utf8');
    expect(text).toContain('# Migration 0024 verification report');
    expect(text).toContain('PRQ001');
    expect(text).not.toContain('s3cret-pw');
  });
});

describe('text layout', () => {
  it('wraps words, breaks what is longer than a line, and keeps indentation', () => {
    expect(wrap('the quick brown fox jumps', 10)).toEqual(['the quick', 'brown fox', 'jumps']);
    expect(wrap('abcdefghijkl', 5)).toEqual(['abcde', 'fghij', 'kl']);
    expect(wrap('  SELECT a, b FROM t', 12)).toEqual(['  SELECT a,', '  b FROM t']);
    expect(wrap('one\n\ntwo', 10)).toEqual(['one', '', 'two']);
  });

  it('truncates with an ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcdef', 5, '...')).toBe('ab...');
    expect(truncate('abc', 4)).toBe('abc');
  });

  it('drops the object from a title only where it repeats it', () => {
    const findings = check(snapshotFixture('issoh-drifted'), snapshotFixture('spp-seed000'));
    const title = (code: string, object: string) =>
      shortTitle(findings.find((f) => f.code === code && f.object === object)!);
    expect(title('IDX001', 'public.idx_sync_activity_log_action')).toBe('index missing');
    expect(title('TBL004', 'public.sync_progress.processed_count')).toBe(
      'column type differs: bigint, expected integer',
    );
    expect(title('LNT011', 'postgres')).toBe('session bypasses RLS: postgres is superuser');
  });
});

describe('topology', () => {
  it('reads core, serve, the public views, spp and the FDW link each way from the TOP findings', () => {
    const items = topologyItems(
      verificationFor().findings,
      verificationFor().databases,
      symbols({ color: false, unicode: true }),
    );
    expect(items.map((i) => [i.name, i.status])).toEqual([
      ['core', 'pass'],
      ['serve', 'pass'],
      ['public views', 'pass'],
      ['spp', 'pass'],
      ['FDW IS-SOH → SPP', 'warn'],
      ['FDW SPP → IS-SOH', 'warn'],
    ]);
    expect(items[2]?.detail).toBe('2 of 2 are views');
  });

  it('says which database was not read instead of guessing', () => {
    const v = verificationFor({ spp: { error: 'SPP (h/db): connection refused' } });
    const items = topologyItems(v.findings, v.databases, symbols({ color: false, unicode: false }));
    expect(items.find((i) => i.name === 'spp')).toMatchObject({ status: 'skip', detail: 'SPP not read' });
    expect(items.find((i) => i.name === 'FDW SPP -> IS-SOH')).toMatchObject({ status: 'skip' });
    expect(items.find((i) => i.name === 'core')?.status).toBe('pass');
  });
});
