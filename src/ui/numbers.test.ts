/** Compact numbers, progress bars and sparklines. */
import { describe, expect, it } from 'vitest';
import { monitorAfter } from '../../test/helpers/ui/monitor-health-fixtures.js';
import { progressBar } from './components/ProgressBar.js';
import { buckets, sparkline } from './components/Sparkline.js';
import { compact, grouped } from './numbers.js';
import { rowSegments, tableColumns } from './screens/Monitor/Monitor.js';

const UNICODE = { color: false, unicode: true };
const ASCII = { color: false, unicode: false };

describe('numbers, bars and sparklines', () => {
  it('compact counts fit 5 characters', () => {
    expect([0, 9999, 12_345, 123_456, 999_960, 1_234_567, 98_765_432, 2_500_000_000].map(compact)).toEqual([
      '0',
      '9999',
      '12.3k',
      '123k',
      '1M',
      '1.23M',
      '98.8M',
      '2.5G',
    ]);
    expect(grouped(1234567)).toBe('1,234,567');
  });

  it('a progress bar never shows an unfinished sync as full, and fills no cell where the percentage reads 0%', () => {
    const bar = (fraction: number, width: number, theme: typeof UNICODE) =>
      progressBar(fraction, width, theme)
        .map((s) => s.text)
        .join('');
    expect(bar(0, 10, UNICODE)).toBe('░'.repeat(10));
    // NO_COLOR: 0.1 % reads "0%" beside the bar, and the bar says no more; from 1 % one cell at least.
    expect(bar(0.001, 10, UNICODE)).toBe('░'.repeat(10));
    expect(bar(0.001, 10, ASCII)).toBe('.'.repeat(10));
    expect(bar(0.01, 10, UNICODE)).toBe(`█${'░'.repeat(9)}`);
    expect(bar(0.999, 10, UNICODE)).toBe(`${'█'.repeat(9)}░`);
    expect(bar(1, 10, ASCII)).toBe('#'.repeat(10));
    expect(bar(0.5, 4, ASCII)).toBe('##..');
  });

  it('in colour, a bar is cells of background colour with a text form ("=" done, "-" to do), which the cursor row keeps', () => {
    const colour = { color: true, unicode: true };
    expect(progressBar(0.999, 10, colour)).toEqual([
      { text: '='.repeat(9), tone: 'green', background: 'green' },
      { text: '-', tone: 'gray', background: 'gray' },
    ]);
    const m = monitorAfter(40);
    const selected = rowSegments(m.rows[0]!, tableColumns(80), 'Globex', m.serverNow!, true, colour);
    expect(selected.filter((s) => s.background).map((s) => s.inverse)).toEqual([undefined, undefined]);
    expect(selected.filter((s) => !s.background).every((s) => s.inverse)).toBe(true);
  });

  it('a sparkline spans the whole session in equal time buckets; a gap is a blank', () => {
    const samples = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ at: i * 1000, perMin: i * 10 }));
    expect(sparkline(samples, 8, UNICODE)).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline(samples, 8, ASCII)).toBe('_.-~=+*#');
    expect(buckets(samples, 4)).toEqual([5, 25, 45, 65]);
    // Ticks at 0-3 s, then none until 9 s (reconnecting): the buckets in between are blank.
    const gap = [0, 1, 2, 3, 9, 10].map((s) => ({ at: s * 1000, perMin: 5 }));
    expect(sparkline(gap, 5, UNICODE)).toBe('██  █');
    expect(sparkline([{ at: 0, perMin: 0 }], 10, UNICODE)).toBe('▁');
  });
});
