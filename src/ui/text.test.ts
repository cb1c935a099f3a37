/** Text layout: truncation and wrapping in terminal columns. */
import { describe, expect, it } from 'vitest';
import { check, snapshotFixture } from '../../test/helpers/fixtures.js';
import { shortTitle } from './screens/Checklist/Checklist.js';
import { fitName, truncate, wrap } from './text.js';

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

describe('fitName', () => {
  it('cuts a long qualified name in the middle, so names sharing a table stay apart', () => {
    const a = fitName('sync_progress.sync_progress_updated_at_trigger', 24);
    const b = fitName('sync_progress.sync_progress_calculate_eta_trigger', 24);
    expect(a).toBe('sync_progres…_at_trigger');
    expect(a).not.toBe(b);
    expect([...a]).toHaveLength(24);
    expect(fitName('sync_progress', 24)).toBe(`sync_progress${' '.repeat(11)}`);
  });
});
